package dev.slimfit.worker.search.staged;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.search.nn.GradMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sub-network of the supernet computes what the same network built plainly from the shared weights computes:
 * the first blocks of a deeper stage, the centre of a larger kernel, the first channels of a wider layer, the first
 * columns of a wider head. The reference forward here is DJL's own generic operators over slices cut by hand, not
 * {@link StagedNetwork}'s code.
 */
class Enas4dWeightSharingTest {

    private static final StagedSpace SPACE = StagedSpaces.find("fmnist-stages").orElseThrow();
    /** Stage 0 one block of two, kernel 3 of 5, width 12 of 16; stage 1 full; stage 2 one block, kernel 3, width 48. */
    private static final StagedConfiguration MIXED = new StagedConfiguration(28, List.of(
            new StageChoice(1, 3, 12), new StageChoice(2, 5, 32), new StageChoice(1, 3, 48)));

    @Test
    void aSubNetworkEqualsThePlainNetworkOfTheSharedWeights() {
        try (NDManager manager = OfflinePyTorch.newManager(); GradMode ignored = GradMode.inference()) {
            StagedNetwork supernet = StagedNetwork.create(SPACE, manager, 11);
            randomiseStatistics(supernet, new Random(3));
            NDArray input = manager.randomNormal(new Shape(4, 1, 28, 28));

            NDArray[] shared = supernet.forward(manager, input, MIXED, false);
            NDArray[] reference = reference(supernet, MIXED, input);
            StagedNetwork plain = supernet.extract(MIXED, manager);
            NDArray[] extracted = plain.forward(manager, input, MIXED, false);

            for (int k = 0; k < SPACE.stageCount(); k++) {
                assertThat(shared[k].getShape()).isEqualTo(new Shape(4, 10));
                assertClose(shared[k], reference[k]);
                assertClose(extracted[k], reference[k]);
            }
            assertThat(plain.space().stage(0).kernelChoices()).containsExactly(3);
            assertThat(plain.arrays().get(5).getShape()).as("stage 0's depthwise kernel")
                    .isEqualTo(new Shape(8, 1, 3, 3));
            // another configuration gives other logits: the comparison above can fail
            NDArray[] largest = supernet.forward(manager, input, SPACE.largest(), false);
            assertThat(maxDifference(largest[2], reference[2])).isGreaterThan(1e-3);
        }
    }

    @Test
    void earlyExitInferenceTakesTheExitsTheBatchedRuleComputes() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            StagedNetwork network = StagedNetwork.create(SPACE, manager, 5);
            randomiseStatistics(network, new Random(9));
            int n = 24;
            NDArray images = manager.randomNormal(new Shape(n, 1, 28, 28));
            ExitScores scores;
            try (GradMode ignored = GradMode.inference()) {
                NDArray[] logits = network.forward(manager, images, MIXED, false);
                float[][] confidence = new float[3][n];
                boolean[][] correct = new boolean[3][n];
                int[][] predicted = new int[3][n];
                for (int k = 0; k < 3; k++) {
                    float[] p = logits[k].softmax(1).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        int top = 0;
                        for (int c = 1; c < 10; c++) {
                            top = p[i * 10 + c] > p[i * 10 + top] ? c : top;
                        }
                        confidence[k][i] = p[i * 10 + top];
                        predicted[k][i] = top;
                    }
                }
                scores = new ExitScores(confidence, correct);
                double[] thresholds = {median(confidence[0]), median(confidence[1]), 0};
                int[] exits = ExitPolicy.exits(scores, thresholds);
                int early = 0;
                for (int i = 0; i < n; i++) {
                    NDArray one = images.get(i + ":" + (i + 1));
                    EarlyExitInference.Answer answer = EarlyExitInference.run(network, MIXED, thresholds, one,
                            manager);
                    assertThat(answer.exit()).as("image %d", i).isEqualTo(exits[i]);
                    assertThat(answer.predicted()).isEqualTo(predicted[exits[i]][i]);
                    early += answer.exit() < 2 ? 1 : 0;
                }
                assertThat(early).isPositive();
            }
        }
    }

    /** Non-trivial running statistics, so that inference-mode batch-norm matters to the comparison. */
    private static void randomiseStatistics(StagedNetwork network, Random random) {
        List<NDArray> arrays = network.arrays();
        // per convolution: weight, gamma, beta, mean, variance; heads: weight, bias
        for (int i = 0; i + 4 < arrays.size(); i++) {
            if (arrays.get(i).getShape().dimension() == 4) {
                NDArray mean = arrays.get(i + 3);
                NDArray variance = arrays.get(i + 4);
                float[] m = new float[(int) mean.size()];
                float[] v = new float[m.length];
                for (int j = 0; j < m.length; j++) {
                    m[j] = (float) (random.nextGaussian() * 0.1);
                    v[j] = (float) (0.5 + random.nextDouble());
                }
                mean.set(m);
                variance.set(v);
            }
        }
    }

    /** The configured network over views cut by hand from the supernet's arrays, with DJL's generic operators. */
    private static NDArray[] reference(StagedNetwork supernet, StagedConfiguration configuration, NDArray input) {
        List<NDArray> a = supernet.arrays();
        int cursor = 0;
        NDArray x = convBnRelu(input, a, cursor, 8, 1, 3, 3, 1, 1);
        cursor += 5;
        int inputWidth = 8;
        NDArray[] logits = new NDArray[3];
        int[] strides = {2, 2, 1};
        int[] maxKernels = {5, 5, 5};
        int[] maxDepths = {2, 2, 2};
        for (int s = 0; s < 3; s++) {
            StageChoice choice = configuration.stage(s);
            int stageStart = cursor;
            int maxWidth = SPACE.stage(s).widthChoices().get(SPACE.stage(s).widthChoices().size() - 1);
            for (int b = 0; b < choice.depth(); b++) {
                int block = stageStart + b * 10;
                x = convBnRelu(x, a, block, inputWidth, 1, choice.kernel(), maxKernels[s], b == 0 ? strides[s] : 1,
                        inputWidth);
                x = convBnRelu(x, a, block + 5, choice.width(), inputWidth, 1, 1, 1, 1);
                inputWidth = choice.width();
            }
            cursor = stageStart + maxDepths[s] * 10;
            NDArray weight = a.get(cursor).get(":, 0:" + choice.width());
            NDArray bias = a.get(cursor + 1);
            cursor += 2;
            NDArray pooled = x.mean(new int[] {3}).mean(new int[] {2});
            logits[s] = Linear.linear(pooled, weight, bias).singletonOrThrow();
            assertThat(maxWidth).isGreaterThanOrEqualTo(choice.width());
        }
        return logits;
    }

    private static NDArray convBnRelu(NDArray x, List<NDArray> a, int at, int outputs, int inputs, int kernel,
                                      int maxKernel, int stride, int groups) {
        int offset = (maxKernel - kernel) / 2;
        NDArray weight = a.get(at).get("0:" + outputs + ", 0:" + inputs + ", " + offset + ":" + (offset + kernel)
                + ", " + offset + ":" + (offset + kernel));
        NDList conv = Conv2d.conv2d(x, weight, null, new Shape(stride, stride), new Shape(kernel / 2, kernel / 2),
                new Shape(1, 1), groups);
        String lead = "0:" + outputs;
        NDList norm = BatchNorm.batchNorm(conv.singletonOrThrow(), a.get(at + 3).get(lead), a.get(at + 4).get(lead),
                a.get(at + 1).get(lead), a.get(at + 2).get(lead), 1, 0.9f, 1e-5f, false);
        return Activation.relu(norm.singletonOrThrow());
    }

    /**
     * Halfway between the two middle confidences: no image sits on the threshold, where the last-bit differences
     * between a batched and a one-image forward could decide the exit either way.
     */
    private static double median(float[] values) {
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return ((double) sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        assertThat(maxDifference(actual, expected)).isLessThan(1e-4);
    }

    private static double maxDifference(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        assertThat(x).hasSameSizeAs(y);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
