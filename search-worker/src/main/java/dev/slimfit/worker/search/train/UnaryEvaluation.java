package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;

import java.util.Random;

/**
 * The unaries a search decodes with, measured on the trained supernet rather than collected during training: a
 * balanced set of configurations (each layer's widths equally often, independently shuffled across layers) is
 * evaluated on one fixed set of held-out images, and every layer's chosen width is credited with
 * {@code -(loss_c - loss_largest) / L} as in AOWS; a width's unary is its mean credit.
 * <p>
 * Why not the training-time evidence: those credits come from a different batch at every step (the batch's
 * difficulty is noise as large as the width effects on a small space) and from weights that are still moving; and
 * under AOWS's annealed sampling the late evidence covers only configurations next to the current decode, so the
 * decode locks onto whatever it was at the end of the warm-up (seen on fmnist-small: every width of the decoded
 * configuration ended with the same credit, every other width with stale ones). Here every configuration sees the
 * same images and the same final weights, so the comparison is paired, and every width has evidence.
 * <p>
 * Batch-norm runs in training mode (each evaluation batch normalised by its own statistics), the usual one-shot
 * proxy for a sub-network whose running statistics were shared with others; it moves the supernet's running
 * statistics, which every later use re-estimates anyway.
 */
public final class UnaryEvaluation {

    private UnaryEvaluation() {
    }

    /**
     * @param configurations configurations to evaluate (each width appears about {@code configurations / K} times)
     * @param images         held-out images per configuration (the first ones of {@code heldOut}, fewer if it has
     *                       fewer)
     * @param batchSize      images per forward
     * @return unaries per layer and choice position
     */
    public static double[][] evaluate(ChainNetwork supernet, DeviceDataset heldOut, int configurations, int images,
                                      int batchSize, Random random, NDManager parent) {
        if (configurations <= 0 || images <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("configurations, images and batch size must be positive");
        }
        SearchSpace space = supernet.space();
        int[][] design = balancedDesign(space, configurations, random);
        int count = Math.min(images, heldOut.size());
        if (count < 2) {
            throw new IllegalArgumentException("need at least 2 held-out images to evaluate unaries, have " + count);
        }
        double[][] sums = new double[space.layerCount()][];
        int[][] counts = new int[space.layerCount()][];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new double[space.layer(i).widthChoices().size()];
            counts[i] = new int[sums[i].length];
        }
        try (GradMode inference = GradMode.inference(); NDManager manager = parent.newSubManager()) {
            double largest = meanLoss(supernet, space.largest(), heldOut, count, batchSize, manager);
            for (int[] choices : design) {
                double loss = meanLoss(supernet, ConfigurationValidator.widths(space, choices), heldOut, count,
                        batchSize, manager);
                double credit = -(loss - largest) / choices.length;
                for (int i = 0; i < choices.length; i++) {
                    sums[i][choices[i]] += credit;
                    counts[i][choices[i]]++;
                }
            }
        }
        double[][] unaries = new double[sums.length][];
        for (int i = 0; i < sums.length; i++) {
            unaries[i] = new double[sums[i].length];
            for (int k = 0; k < sums[i].length; k++) {
                unaries[i][k] = counts[i][k] > 0 ? sums[i][k] / counts[i][k] : Double.NaN;
            }
        }
        return unaries;
    }

    /**
     * {@code configurations} rows of choice positions: layer i's column holds its K_i positions cyclically (so each
     * appears equally often, within one), shuffled independently per layer.
     */
    static int[][] balancedDesign(SearchSpace space, int configurations, Random random) {
        int[][] design = new int[configurations][space.layerCount()];
        for (int i = 0; i < space.layerCount(); i++) {
            int choices = space.layer(i).widthChoices().size();
            int offset = random.nextInt(choices);
            int[] column = new int[configurations];
            for (int m = 0; m < configurations; m++) {
                column[m] = (m + offset) % choices;
            }
            for (int m = configurations - 1; m > 0; m--) {
                int j = random.nextInt(m + 1);
                int swap = column[m];
                column[m] = column[j];
                column[j] = swap;
            }
            for (int m = 0; m < configurations; m++) {
                design[m][i] = column[m];
            }
        }
        return design;
    }

    /** Mean hard-label cross-entropy of {@code widths} over the first {@code count} images. */
    private static double meanLoss(ChainNetwork network, int[] widths, DeviceDataset data, int count, int batchSize,
                                   NDManager parent) {
        DeviceDataset.Batches all = data.inOrder();
        // Equal batches (within one image): training-mode batch-norm must never see a batch of one.
        int batches = (count + batchSize - 1) / batchSize;
        double weighted = 0;
        for (int b = 0; b < batches; b++) {
            int start = (int) ((long) count * b / batches);
            int end = (int) ((long) count * (b + 1) / batches);
            try (NDManager step = parent.newSubManager()) {
                Batch batch = all.slice(step, start, end);
                NDArray logits = network.forward(step, batch.images(), widths, true);
                NDArray logProbabilities = TorchOps.logSoftmax(logits);
                weighted += Losses.crossEntropy(logProbabilities, batch.labels()).getFloat() * (end - start);
            }
        }
        return weighted / count;
    }
}
