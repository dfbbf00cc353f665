package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;

/**
 * One step of a single configuration: hard-label cross-entropy (the uniform baseline, plain fine-tuning), or, when
 * the batch carries {@link DistillationTargets}, the soft cross-entropy against them (distilled fine-tuning).
 */
public final class PlainStep {

    private final ChainNetwork network;
    private final Sgd optimizer;
    private final int[] widths;
    private final NDArray one;

    /** @param constants owns the backward seed (a scalar 1) for the life of the training run */
    public PlainStep(ChainNetwork network, Sgd optimizer, int[] widths, NDManager constants) {
        this.network = network;
        this.optimizer = optimizer;
        this.widths = widths.clone();
        this.one = constants.create(1f);
    }

    /**
     * Trains on {@code batch}; returns the loss before the update (against its targets when it has them). Arrays
     * attach to {@code stepManager}.
     */
    public double run(NDManager stepManager, Batch batch, float learningRate) {
        NDArray loss;
        try (GradMode recording = GradMode.recording()) {
            NDArray logits = network.forward(stepManager, batch.images(), widths, true);
            NDArray logProbabilities = TorchOps.logSoftmax(logits);
            logits.close();
            loss = batch.targets() != null ? Losses.softCrossEntropy(batch.targets(), logProbabilities)
                    : Losses.crossEntropy(logProbabilities, batch.labels());
            logProbabilities.close();
            TorchOps.backward(loss, one);
        }
        optimizer.step(learningRate);
        return TorchOps.detach(loss).getFloat();
    }
}
