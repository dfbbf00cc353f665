package dev.slimfit.models.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkInputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains and evaluates a plain network with DJL's trainer: softmax cross-entropy, a fixed learning rate, a fixed
 * number of steps. Used to fine-tune a decoded configuration and to check that a network learns at all. A network
 * that is already initialised (for example {@code SlimmableNetwork#toPlain}) keeps its weights.
 */
public final class PlainTrainer {

    private final Device device;

    /** Trains on the engine's default device (GPU 0 if present). */
    public PlainTrainer() {
        this(OfflinePyTorch.defaultDevice());
    }

    public PlainTrainer(Device device) {
        this.device = device;
    }

    /**
     * Trains {@code network} for {@code options.steps()} steps on shuffled batches of {@code images}.
     *
     * @param parameterManager owns the network's weights if this call initialises them; they must outlive the
     *                         training run (the trainer's own manager closes with it)
     */
    public TrainingRun train(NDManager parameterManager, Block network, SearchSpace space, ImageSet images,
                             Normalization normalization, TrainingOptions options) {
        images.requireFits(space);
        OfflinePyTorch.engine().setRandomSeed(options.seed());
        if (!network.isInitialized()) {
            network.initialize(parameterManager, DataType.FLOAT32, NetworkInputs.shape(space, options.batchSize()));
        }
        try (Model model = Model.newInstance("plain-" + space.name(), device, OfflinePyTorch.ENGINE_NAME)) {
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer(options))
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(NetworkInputs.shape(space, options.batchSize()));
                ArrayDataset dataset = images.toDataset(trainer.getManager(), normalization, options.batchSize(), true);
                return new TrainingRun(runSteps(trainer, dataset, options.steps()));
            }
        }
    }

    /** Share of {@code images} whose highest logit is their label, in inference mode. */
    public double accuracy(Block network, ImageSet images, Normalization normalization, int batchSize) {
        try (NDManager manager = OfflinePyTorch.newManager(device)) {
            NDList arrays = images.toArrays(manager, normalization);
            ParameterStore parameters = new ParameterStore(manager, false);
            long correct = 0;
            for (int start = 0; start < images.size(); start += batchSize) {
                int end = Math.min(images.size(), start + batchSize);
                try (NDManager batch = manager.newSubManager()) {
                    NDIndex rows = new NDIndex("{}:{}", start, end);
                    NDArray data = arrays.get(0).get(batch, rows);
                    NDArray predicted = network.forward(parameters, new NDList(data), false).singletonOrThrow()
                            .argMax(1);
                    NDArray labels = arrays.get(1).get(batch, rows).toType(predicted.getDataType(), false);
                    correct += predicted.eq(labels).countNonzero().getLong();
                }
            }
            return (double) correct / images.size();
        }
    }

    private static List<Float> runSteps(Trainer trainer, ArrayDataset dataset, int steps) {
        List<Float> losses = new ArrayList<>(steps);
        while (losses.size() < steps) {
            for (Batch batch : batches(trainer, dataset)) {
                try (batch; Batch onDevice = batch.split(trainer.getDevices(), false)[0]) {
                    losses.add(step(trainer, onDevice));
                }
                if (losses.size() == steps) {
                    break;
                }
            }
        }
        return losses;
    }

    /** In-memory datasets do no I/O, so DJL's checked exceptions signal a bug, not a condition to handle. */
    private static Iterable<Batch> batches(Trainer trainer, ArrayDataset dataset) {
        try {
            return trainer.iterateDataset(dataset);
        } catch (IOException | TranslateException e) {
            throw new IllegalStateException("iterating an in-memory dataset failed", e);
        }
    }

    private static float step(Trainer trainer, Batch batch) {
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(batch.getData(), batch.getLabels());
            NDArray lossValue = trainer.getLoss().evaluate(batch.getLabels(), predictions);
            collector.backward(lossValue);
            loss = lossValue.getFloat();
        }
        trainer.step();
        return loss;
    }

    private static Optimizer optimizer(TrainingOptions options) {
        Tracker learningRate = Tracker.fixed(options.learningRate());
        return switch (options.optimizer()) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(learningRate).optMomentum(0.9f).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(learningRate).build();
        };
    }
}
