package dev.slimfit.worker.search.staged;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;

/**
 * Inference-mode measurements of a {@link StagedNetwork}: every exit's confidence and correctness over a set
 * ({@link #score}), and batch-norm statistics recalibrated for one configuration ({@link #recalibrate}).
 * <p>
 * A supernet's running statistics mix every sub-network it trained; a sub-network evaluated with them is badly off.
 * Recalibration runs a few training batches through the configuration in training mode with a running-statistics
 * weight of {@code 1/(t+1)} at batch {@code t}, which leaves exactly the mean of the batches' statistics in the
 * arrays the configuration uses (once-for-all's practice), whatever they held before.
 */
public final class StagedEvaluation {

    private StagedEvaluation() {
    }

    /**
     * Recalibrates the running statistics {@code configuration} uses from the first {@code images} images of
     * {@code data} (in stored order), in batches of {@code batchSize}.
     */
    public static void recalibrate(StagedNetwork network, StagedConfiguration configuration, DeviceDataset data,
                                   int images, int batchSize, NDManager parent) {
        int count = Math.min(images, data.size());
        DeviceDataset.Batches batches = data.inOrder();
        int t = 0;
        try (GradMode ignored = GradMode.inference()) {
            for (int start = 0; start < count; start += batchSize, t++) {
                int end = Math.min(count, start + batchSize);
                if (end - start < 2) {
                    break;
                }
                try (NDManager step = parent.newSubManager()) {
                    DeviceDataset.Batch batch = batches.slice(step, start, end);
                    NDArray[] logits = network.forward(step, batch.images(), configuration,
                            network.space().stageCount(), true, 1.0 / (t + 1));
                    for (NDArray l : logits) {
                        l.close();
                    }
                }
            }
        }
    }

    /**
     * Every exit's confidence and correctness over the first {@code images} images of {@code data} (stored order),
     * with running statistics.
     */
    public static ExitScores score(StagedNetwork network, StagedConfiguration configuration, DeviceDataset data,
                                   int[] labels, int images, int batchSize, NDManager parent) {
        int exits = network.space().stageCount();
        int n = Math.min(images, data.size());
        float[][] confidence = new float[exits][n];
        boolean[][] correct = new boolean[exits][n];
        DeviceDataset.Batches batches = data.inOrder();
        try (GradMode ignored = GradMode.inference()) {
            for (int start = 0; start < n; start += batchSize) {
                int end = Math.min(n, start + batchSize);
                try (NDManager step = parent.newSubManager()) {
                    DeviceDataset.Batch batch = batches.slice(step, start, end);
                    NDArray[] logits = network.forward(step, batch.images(), configuration, exits, false,
                            StagedNetwork.BATCH_NORM_MOMENTUM);
                    for (int k = 0; k < exits; k++) {
                        NDArray probabilities = TorchOps.softmax(logits[k]);
                        float[] values = probabilities.toFloatArray();
                        probabilities.close();
                        logits[k].close();
                        int classes = values.length / (end - start);
                        for (int i = start; i < end; i++) {
                            int offset = (i - start) * classes;
                            int top = 0;
                            for (int c = 1; c < classes; c++) {
                                if (values[offset + c] > values[offset + top]) {
                                    top = c;
                                }
                            }
                            confidence[k][i] = values[offset + top];
                            correct[k][i] = top == labels[i];
                        }
                    }
                }
            }
        }
        return new ExitScores(confidence, correct);
    }
}
