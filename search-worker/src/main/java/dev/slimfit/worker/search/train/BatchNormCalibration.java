package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;

/**
 * Re-estimates a network's batch-norm running statistics for one configuration. A supernet shares running
 * statistics across widths (AOWS), so a decoded sub-network inherits statistics gathered partly at other widths and
 * evaluates badly until they are re-estimated; weights are untouched. Forward passes in training mode without
 * autograd move each running statistic 10% towards the batch's, so {@value #BATCHES} batches leave under 5% of
 * the inherited values.
 */
public final class BatchNormCalibration {

    static final int BATCHES = 30;

    private BatchNormCalibration() {
    }

    /** Runs {@value #BATCHES} training-mode forwards of {@code widths} over shuffled batches of {@code data}. */
    public static void recalibrate(ChainNetwork network, int[] widths, DeviceDataset data, int batchSize, long seed,
                                   NDManager parent) {
        int batches = data.trainingBatches(batchSize);
        try (GradMode inference = GradMode.inference(); NDManager manager = parent.newSubManager()) {
            DeviceDataset.Batches order = data.shuffled(manager, seed, -1);
            for (int k = 0; k < BATCHES; k++) {
                try (NDManager step = manager.newSubManager()) {
                    DeviceDataset.Batch batch = order.batch(step, k % batches, batchSize);
                    network.forward(step, batch.images(), widths, true);
                }
            }
        }
    }
}
