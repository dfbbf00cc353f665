package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;

/** Top-1 accuracy of one configuration in inference mode (running batch-norm statistics, no autograd). */
public final class Accuracy {

    private Accuracy() {
    }

    /** Share of {@code data}'s images whose highest logit is their label. */
    public static double of(ChainNetwork network, int[] widths, DeviceDataset data, int batchSize, NDManager parent) {
        long correct = 0;
        DeviceDataset.Batches all = data.inOrder();
        try (GradMode inference = GradMode.inference()) {
            for (int b = 0; b < data.evaluationBatches(batchSize); b++) {
                try (NDManager step = parent.newSubManager()) {
                    Batch batch = all.batch(step, b, batchSize);
                    NDArray predicted = network.forward(step, batch.images(), widths, false).argMax(1);
                    NDArray labels = batch.labels().reshape(batch.size());
                    correct += predicted.eq(labels).countNonzero().getLong();
                }
            }
        }
        return (double) correct / data.size();
    }
}
