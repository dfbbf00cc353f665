package dev.slimfit.worker.search.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.search.data.DeviceDataset;

/**
 * The straightforward DJL sandwich step the worker's loop replaces, for comparison in the throughput benchmark:
 * the models module's SlimmableNetwork through DJL's Trainer (ParameterStore, GradientCollector, DJL's SGD optimiser
 * and softmax cross-entropy loss), the distillation loss with DJL's generic NDArray API.
 */
final class NaiveDjlStep implements AutoCloseable {

    private final SlimmableNetwork supernet;
    private final Model model;
    private final Trainer trainer;

    NaiveDjlStep(SlimmableNetwork supernet, int batchSize) {
        this.supernet = supernet;
        model = Model.newInstance("naive-supernet", OfflinePyTorch.defaultDevice(), OfflinePyTorch.ENGINE_NAME);
        model.setBlock(supernet);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f)
                        .optWeightDecays(5e-5f).build());
        trainer = model.newTrainer(config);
        trainer.initialize(NetworkInputs.shape(supernet.space(), batchSize));
    }

    /** One sandwich step: largest with labels, then smallest and {@code sampled} against its soft predictions. */
    void run(DeviceDataset.Batch batch, int[][] sampled) {
        NDArray labels = batch.labels().reshape(batch.size());
        float[] losses = new float[2 + sampled.length];
        try (GradientCollector collector = trainer.newGradientCollector()) {
            supernet.setActiveWidths(supernet.space().largest());
            NDList logits = trainer.forward(new NDList(batch.images()));
            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), logits);
            collector.backward(loss);
            losses[0] = loss.getFloat();
            NDArray teacher = logits.singletonOrThrow().stopGradient().softmax(1);
            int[][] students = new int[sampled.length + 1][];
            students[0] = supernet.space().smallest();
            System.arraycopy(sampled, 0, students, 1, sampled.length);
            for (int j = 0; j < students.length; j++) {
                supernet.setActiveWidths(students[j]);
                NDArray student = trainer.forward(new NDList(batch.images())).singletonOrThrow().logSoftmax(1);
                NDArray distillation = teacher.mul(student).sum(new int[] {1}).mean().neg();
                collector.backward(distillation);
                losses[1 + j] = distillation.getFloat();
            }
        }
        trainer.step();
    }

    Block block() {
        return supernet;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
