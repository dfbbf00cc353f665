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
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Arrays;
import java.util.Random;

/**
 * The unaries a search decodes with, measured on the trained supernet rather than collected during training: a
 * balanced set of configurations (each layer's widths equally often, independently shuffled across layers) is
 * evaluated on one fixed set of held-out images, and the unaries are the least-squares fit of an additive model to
 * each configuration's loss gap {@code loss_c - loss_largest} (AOWS's credit {@code -gap / L} to every chosen width,
 * averaged per width, estimates the same effects with the other layers' choices left in as noise).
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
        double[] gaps = new double[design.length];
        try (GradMode inference = GradMode.inference(); NDManager manager = parent.newSubManager()) {
            double largest = meanLoss(supernet, space.largest(), heldOut, count, batchSize, manager);
            for (int m = 0; m < design.length; m++) {
                gaps[m] = meanLoss(supernet, ConfigurationValidator.widths(space, design[m]), heldOut, count,
                        batchSize, manager) - largest;
            }
        }
        return additiveFit(space, design, gaps);
    }

    /**
     * Unaries from the loss gaps of the evaluated configurations by least squares of the additive model
     * {@code gap_m = sum_i e_i(c_mi)}: {@code unary_i(k) = -(e_i(k) - mean_k e_i) - mean(gap) / L}. The decode only
     * compares unaries within a layer, so the per-layer shift changes no decision; it makes the sum of a
     * configuration's unaries (the Pareto front's accuracy proxy) estimate {@code -gap}.
     * <p>
     * With a balanced design the per-width mean credit estimates the same differences, but every other layer's choice
     * in the same configurations adds to its noise; fitting all layers jointly takes those out. A tiny ridge penalty
     * ({@code 1e-6} per configuration) pins the constants the layers share, which the data cannot split; a width the
     * design never chose gets NaN.
     *
     * @param design choice positions of the evaluated configurations
     * @param gaps   each configuration's loss minus the largest configuration's
     */
    static double[][] additiveFit(SearchSpace space, int[][] design, double[] gaps) {
        int layers = space.layerCount();
        int[] offsets = new int[layers + 1];
        for (int i = 0; i < layers; i++) {
            offsets[i + 1] = offsets[i] + space.layer(i).widthChoices().size();
        }
        int unknowns = offsets[layers];
        DMatrixRMaj normal = new DMatrixRMaj(unknowns, unknowns);
        DMatrixRMaj right = new DMatrixRMaj(unknowns, 1);
        int[] counts = new int[unknowns];
        for (int m = 0; m < design.length; m++) {
            for (int i = 0; i < layers; i++) {
                int a = offsets[i] + design[m][i];
                counts[a]++;
                right.add(a, 0, gaps[m]);
                for (int j = 0; j < layers; j++) {
                    normal.add(a, offsets[j] + design[m][j], 1);
                }
            }
        }
        double ridge = 1e-6 * Math.max(1, design.length);
        for (int a = 0; a < unknowns; a++) {
            normal.add(a, a, counts[a] == 0 ? 1 : ridge);
        }
        DMatrixRMaj solution = new DMatrixRMaj(unknowns, 1);
        if (!CommonOps_DDRM.solveSPD(normal, right, solution)) {
            throw new IllegalStateException("the unaries' normal equations are not positive definite");
        }
        double[] effects = solution.data;
        double meanGap = Arrays.stream(gaps).average().orElse(0);
        double[][] unaries = new double[layers][];
        for (int i = 0; i < layers; i++) {
            int choices = offsets[i + 1] - offsets[i];
            unaries[i] = new double[choices];
            double layerMean = 0;
            int seen = 0;
            for (int k = 0; k < choices; k++) {
                if (counts[offsets[i] + k] > 0) {
                    layerMean += effects[offsets[i] + k];
                    seen++;
                }
            }
            layerMean = seen > 0 ? layerMean / seen : 0;
            for (int k = 0; k < choices; k++) {
                int a = offsets[i] + k;
                // Centred within the layer, then every layer given an equal share of the mean gap.
                unaries[i][k] = counts[a] == 0 ? Double.NaN : -(effects[a] - layerMean) - meanGap / layers;
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
