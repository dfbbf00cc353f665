package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.nn.ChainNetwork;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class UnaryEvaluationTest {

    private static final SearchSpace FMNIST = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void theDesignUsesEveryWidthOfEveryLayerEquallyOftenAndMixesLayers() {
        int[][] design = UnaryEvaluation.balancedDesign(FMNIST, 100, new Random(4));

        assertThat(design).hasNumberOfRows(100);
        for (int i = 0; i < FMNIST.layerCount(); i++) {
            int[] counts = new int[FMNIST.layer(i).widthChoices().size()];
            for (int[] row : design) {
                counts[row[i]]++;
            }
            // 100 rows over 6 widths: 16 or 17 each.
            assertThat(Arrays.stream(counts).allMatch(count -> count == 16 || count == 17)).isTrue();
        }
        long distinct = Arrays.stream(design).map(Arrays::toString).distinct().count();
        assertThat(distinct).isGreaterThan(90);
        long uniformRows = Arrays.stream(design).filter(row -> Arrays.stream(row).distinct().count() == 1).count();
        assertThat(uniformRows).isLessThan(10);
    }

    @Test
    void everyWidthGetsACreditAndEachLayerSplitsTheSameTotal() {
        Random pixels = new Random(9);
        int images = 64;
        byte[] data = new byte[images * 28 * 28];
        pixels.nextBytes(data);
        ImageSet set = new ImageSet(data, IntStream.range(0, images).map(n -> n % 10).toArray(), 1, 28, 28,
                IntStream.range(0, 10).mapToObj(Integer::toString).toList());
        try (NDManager manager = OfflinePyTorch.newManager();
             DeviceDataset heldOut = DeviceDataset.upload(set, Normalization.FASHION_MNIST, manager)) {
            SlimmableNetwork supernet = new SlimmableNetwork(FMNIST);
            supernet.initialize(manager);
            ChainNetwork chain = ChainNetwork.of(FMNIST, supernet);

            double[][] unaries = UnaryEvaluation.evaluate(chain, heldOut, 30, 50, 20, new Random(1), manager);
            double[][] again = UnaryEvaluation.evaluate(chain, heldOut, 30, 50, 20, new Random(1), manager);

            assertThat(unaries).isDeepEqualTo(again);
            assertThat(Arrays.stream(unaries).flatMapToDouble(Arrays::stream).allMatch(Double::isFinite)).isTrue();
            // The sum of a configuration's unaries estimates minus its loss gap, so the largest one scores highest
            // of the uniform configurations on an untrained supernet only by chance; what must hold is the scale:
            // every unary is a loss difference, far below the loss itself (ln 10 for 10 classes).
            assertThat(Arrays.stream(unaries).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElseThrow())
                    .isLessThan(Math.log(10));
            assertThat(Arrays.stream(unaries).flatMapToDouble(Arrays::stream).distinct().count()).isGreaterThan(5);
            assertThatThrownBy(() -> UnaryEvaluation.evaluate(chain, heldOut, 0, 50, 20, new Random(1), manager))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theAdditiveFitRecoversEachLayersWidthEffectsExactly() {
        Random random = new Random(3);
        double[][] effects = new double[FMNIST.layerCount()][];
        for (int i = 0; i < effects.length; i++) {
            effects[i] = random.doubles(FMNIST.layer(i).widthChoices().size(), 0, 0.05).toArray();
        }
        // 60 rows over 6 widths: exactly balanced, so the shift is exact too.
        int[][] design = UnaryEvaluation.balancedDesign(FMNIST, 60, new Random(5));
        double[] gaps = Arrays.stream(design).mapToDouble(row -> gap(effects, row)).toArray();

        double[][] unaries = UnaryEvaluation.additiveFit(FMNIST, design, gaps);

        for (int i = 0; i < effects.length; i++) {
            for (int k = 1; k < effects[i].length; k++) {
                assertThat(unaries[i][k] - unaries[i][0]).isCloseTo(-(effects[i][k] - effects[i][0]), offset(1e-6));
            }
        }
        int[] probe = {0, 3, 5, 1, 2};
        assertThat(IntStream.range(0, probe.length).mapToDouble(i -> unaries[i][probe[i]]).sum())
                .isCloseTo(-gap(effects, probe), offset(1e-6));
        // The per-width mean credit (AOWS's -gap / L) on the same data ranks the last layer's widths with the
        // other layers' choices mixed in; the fit does not.
        double[] meanCredit = new double[effects[4].length];
        int[] counts = new int[effects[4].length];
        for (int m = 0; m < design.length; m++) {
            meanCredit[design[m][4]] -= gaps[m] / design[m].length;
            counts[design[m][4]]++;
        }
        double meanError = 0;
        for (int k = 1; k < counts.length; k++) {
            double estimate = (meanCredit[k] / counts[k] - meanCredit[0] / counts[0]) * design[0].length;
            meanError += Math.abs(estimate + (effects[4][k] - effects[4][0]));
        }
        assertThat(meanError).isGreaterThan(1e-4);
    }

    @Test
    void aWidthTheDesignNeverChoseHasNoUnary() {
        int[][] design = UnaryEvaluation.balancedDesign(FMNIST, 30, new Random(2));
        for (int[] row : design) {
            row[2] = row[2] == 4 ? 0 : row[2];
        }
        double[] gaps = Arrays.stream(design).mapToDouble(row -> 0.01 * row[0] + 0.02 * row[2]).toArray();

        double[][] unaries = UnaryEvaluation.additiveFit(FMNIST, design, gaps);

        assertThat(unaries[2][4]).isNaN();
        assertThat(unaries[2][3] - unaries[2][1]).isCloseTo(-0.04, offset(1e-4));
        assertThat(unaries[0][5] - unaries[0][0]).isCloseTo(-0.05, offset(1e-4));
    }

    private static double gap(double[][] effects, int[] row) {
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            sum += effects[i][row[i]];
        }
        return sum;
    }
}
