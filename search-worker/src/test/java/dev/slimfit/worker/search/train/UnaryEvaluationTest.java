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
            // Each configuration's credit goes to one width of every layer, so count-weighted sums agree by layer.
            int[][] design = UnaryEvaluation.balancedDesign(FMNIST, 30, new Random(1));
            double[] totals = new double[FMNIST.layerCount()];
            for (int i = 0; i < totals.length; i++) {
                int[] counts = new int[unaries[i].length];
                for (int[] row : design) {
                    counts[row[i]]++;
                }
                for (int k = 0; k < counts.length; k++) {
                    totals[i] += counts[k] * unaries[i][k];
                }
            }
            for (double total : totals) {
                assertThat(total).isCloseTo(totals[0], offset(1e-9));
            }
            assertThat(Arrays.stream(unaries).flatMapToDouble(Arrays::stream).distinct().count()).isGreaterThan(5);
            assertThatThrownBy(() -> UnaryEvaluation.evaluate(chain, heldOut, 0, 50, 20, new Random(1), manager))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
