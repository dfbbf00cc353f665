package dev.slimfit.core.cost;

import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.staged.BlockKind;
import dev.slimfit.core.space.staged.InvalidStagedConfigurationException;
import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StageSpec;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import dev.slimfit.core.space.staged.StemSpec;
import dev.slimfit.core.space.staged.TinyStagedSpace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StagedCostTest {

    private final StagedSpace tiny = TinyStagedSpace.withStem();

    @Test
    void countsATinyStagedNetworkByHand() {
        StagedConfiguration configuration = new StagedConfiguration(6, List.of(
                new StageChoice(2, 3, 4), new StageChoice(2, 5, 4), new StageChoice(1, 3, 6)));
        // resolution 6 -> stem stride 2 -> 3x3 (9 px) -> stage 0 stride 1 -> 3x3 -> stage 1 stride 2 -> 2x2 (4 px)
        // -> stage 2 stride 2 -> 1x1
        // stem: 3x3 conv 1 -> 2 channels at 9 px
        assertThat(StagedCost.stemMacs(tiny, configuration)).isEqualTo(9 * 1 * 2 * 9);
        assertThat(StagedCost.stemParams(tiny, configuration)).isEqualTo(9 * 1 * 2);
        // stage 0: block 1 dw 3x3 on 2 ch + pw 2 -> 4; block 2 dw 3x3 on 4 ch + pw 4 -> 4; all at 9 px
        // stage 1: two blocks of dw 5x5 on 4 ch + pw 4 -> 4 at 4 px (the first does the stride)
        // stage 2: dw 3x3 on 4 ch + pw 4 -> 6 at 1 px
        assertThat(StagedCost.stageMacs(tiny, configuration)).containsExactly(
                (9 * 2 * 9 + 2 * 4 * 9) + (9 * 4 * 9 + 4 * 4 * 9),
                (25 * 4 * 4 + 4 * 4 * 4) + (25 * 4 * 4 + 4 * 4 * 4),
                9 * 4 * 1 + 4 * 6 * 1);
        assertThat(StagedCost.stageParams(tiny, configuration)).containsExactly(
                (9 * 2 + 2 * 4) + (9 * 4 + 4 * 4),
                (25 * 4 + 4 * 4) + (25 * 4 + 4 * 4),
                9 * 4 + 4 * 6);
        // heads: width x 3 classes, plus 3 biases
        assertThat(StagedCost.headMacs(tiny, configuration)).containsExactly(4 * 3, 4 * 3, 6 * 3);
        assertThat(StagedCost.headParams(tiny, configuration)).containsExactly(4 * 3 + 3, 4 * 3 + 3, 6 * 3 + 3);

        long exit0 = 162 + (162 + 72 + 324 + 144) + 12;
        long exit1 = exit0 + (400 + 64 + 400 + 64) + 12;
        long exit2 = exit1 + (36 + 24) + 18;
        assertThat(exit0).isEqualTo(876);
        assertThat(StagedCost.cumulativeMacs(tiny, configuration)).containsExactly(exit0, exit1, exit2);
        assertThat(StagedCost.cumulativeMacs(tiny, configuration, 1)).isEqualTo(exit1);
        assertThat(StagedCost.worstCaseMacs(tiny, configuration)).isEqualTo(1894);
        assertThat(StagedCost.totalParams(tiny, configuration))
                .isEqualTo(18 + (26 + 52) + (116 + 116) + 60 + 15 + 15 + 21);
        assertThat(StagedCost.averageMacs(tiny, configuration, new double[] {0.5, 0.25, 0.25}))
                .isCloseTo(0.5 * 876 + 0.25 * 1816 + 0.25 * 1894, within(1e-9));
        assertThatThrownBy(() -> StagedCost.cumulativeMacs(tiny, configuration, 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void withoutAStemTheFirstStageReadsTheInputChannelsAtFullResolution() {
        StagedSpace noStem = TinyStagedSpace.withoutStem();
        StagedConfiguration configuration = new StagedConfiguration(8, List.of(
                new StageChoice(1, 3, 2), new StageChoice(1, 3, 4), new StageChoice(1, 3, 6)));
        // 8x8 (64 px) -> stage 1 stride 2 -> 4x4 (16 px) -> stage 2 stride 2 -> 2x2 (4 px)
        assertThat(StagedCost.stemMacs(noStem, configuration)).isZero();
        assertThat(StagedCost.stageMacs(noStem, configuration)).containsExactly(
                9 * 1 * 64 + 1 * 2 * 64, 9 * 2 * 16 + 2 * 4 * 16, 9 * 4 * 4 + 4 * 6 * 4);
        assertThat(StagedCost.worstCaseMacs(noStem, configuration)).isEqualTo(704 + 6 + 416 + 12 + 240 + 18);
        assertThat(StagedCost.totalParams(noStem, configuration)).isEqualTo(11 + 26 + 60 + 9 + 15 + 21);
    }

    @Test
    void depthOneStagesCostTheSameAsTheEquivalentChainPlusEarlierHeads() {
        StagedSpace fmnist = StagedSpaces.find("fmnist-stages").orElseThrow();
        StagedConfiguration configuration = new StagedConfiguration(28, List.of(
                new StageChoice(1, 3, 12), new StageChoice(1, 3, 24), new StageChoice(1, 3, 48)));
        SearchSpace chain = new SearchSpace("as-chain", "", 1, 28, 10, List.of(
                new LayerSpec(LayerKind.CONV, 3, 1, 28, 8, List.of(8)),
                new LayerSpec(LayerKind.DEPTHWISE_SEPARABLE, 3, 2, 28, 12, List.of(12)),
                new LayerSpec(LayerKind.DEPTHWISE_SEPARABLE, 3, 2, 14, 24, List.of(24)),
                new LayerSpec(LayerKind.DEPTHWISE_SEPARABLE, 3, 1, 7, 48, List.of(48))));
        int[] widths = {8, 12, 24, 48};
        long earlierHeads = 12 * 10 + 24 * 10;
        assertThat(StagedCost.worstCaseMacs(fmnist, configuration))
                .isEqualTo(NetworkCost.macs(chain, widths) + earlierHeads);
        assertThat(StagedCost.totalParams(fmnist, configuration))
                .isEqualTo(NetworkCost.params(chain, widths) + earlierHeads + 2 * 10);
    }

    @Test
    void averageMacsIsTheShareWeightedSumOfExitCostsAndNeverAboveTheWorstCase() {
        Random random = new Random(3);
        for (StagedSpace space : List.of(tiny, StagedSpaces.find("fmnist-stages").orElseThrow(),
                StagedSpaces.find("mobilenet-stages-224").orElseThrow())) {
            for (int n = 0; n < 200; n++) {
                StagedConfiguration configuration = space.random(random);
                double[] shares = randomShares(space.stageCount(), random, n % 4 == 0);
                long stem = StagedCost.stemMacs(space, configuration);
                long[] stages = StagedCost.stageMacs(space, configuration);
                long[] heads = StagedCost.headMacs(space, configuration);
                double expected = 0;
                for (int k = 0; k < shares.length; k++) {
                    long toExit = stem;
                    for (int j = 0; j <= k; j++) {
                        toExit += stages[j] + heads[j];
                    }
                    assertThat(StagedCost.cumulativeMacs(space, configuration, k)).isEqualTo(toExit);
                    expected += shares[k] * toExit;
                }
                double average = StagedCost.averageMacs(space, configuration, shares);
                long worst = StagedCost.worstCaseMacs(space, configuration);
                assertThat(average).isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
                assertThat(average).isLessThanOrEqualTo(worst * (1 + 1e-12));
                assertThat(worst).isBetween(StagedCost.worstCaseMacs(space, space.smallest()),
                        StagedCost.worstCaseMacs(space, space.largest()));
                assertThat(StagedCost.totalParams(space, configuration)).isBetween(
                        StagedCost.totalParams(space, space.smallest()), StagedCost.totalParams(space, space.largest()));
            }
            StagedConfiguration largest = space.largest();
            double[] lastOnly = new double[space.stageCount()];
            lastOnly[lastOnly.length - 1] = 1;
            assertThat(StagedCost.averageMacs(space, largest, lastOnly))
                    .isEqualTo((double) StagedCost.worstCaseMacs(space, largest));
        }
    }

    @Test
    void rejectsBadSharesAndForeignConfigurations() {
        StagedConfiguration configuration = tiny.smallest();
        assertThatThrownBy(() -> StagedCost.averageMacs(tiny, configuration, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 exit shares");
        assertThatThrownBy(() -> StagedCost.averageMacs(tiny, configuration, new double[] {1.2, -0.1, -0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> StagedCost.averageMacs(tiny, configuration, new double[] {0.5, 0.3, 0.1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> StagedCost.averageMacs(tiny, configuration, new double[] {Double.NaN, 0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StagedCost.averageMacs(tiny, configuration, null))
                .isInstanceOf(IllegalArgumentException.class);
        // within tolerance is fine
        StagedCost.averageMacs(tiny, configuration, new double[] {0.1, 0.2, 0.7 + 1e-12});

        StagedConfiguration foreign = new StagedConfiguration(6, List.of(
                new StageChoice(1, 3, 2), new StageChoice(1, 3, 5), new StageChoice(1, 3, 6)));
        assertThatThrownBy(() -> StagedCost.worstCaseMacs(tiny, foreign))
                .isInstanceOf(InvalidStagedConfigurationException.class).hasMessageContaining("stage index 1");
    }

    @Test
    void stemWidthFeedsTheFirstStage() {
        BlockKind ds = BlockKind.DEPTHWISE_SEPARABLE;
        StageSpec stage = new StageSpec(1, List.of(1), List.of(3), List.of(4), ds);
        StagedSpace wideStem = new StagedSpace("wide-stem", "", 3, 2, List.of(4), new StemSpec(1, 1, 5),
                List.of(stage, stage, stage));
        StagedConfiguration configuration = wideStem.smallest();
        // stem: 1x1 conv 3 -> 5 at 16 px; stage 0: dw 3x3 on 5 + pw 5 -> 4 at 16 px
        assertThat(StagedCost.stemMacs(wideStem, configuration)).isEqualTo(3 * 5 * 16);
        assertThat(StagedCost.stageMacs(wideStem, configuration)[0]).isEqualTo(9 * 5 * 16 + 5 * 4 * 16);
    }

    private static double[] randomShares(int count, Random random, boolean sparse) {
        double[] shares = new double[count];
        double total = 0;
        for (int k = 0; k < count; k++) {
            shares[k] = sparse && random.nextBoolean() ? 0 : random.nextDouble();
            total += shares[k];
        }
        if (total == 0) {
            shares[count - 1] = 1;
            return shares;
        }
        for (int k = 0; k < count; k++) {
            shares[k] /= total;
        }
        return shares;
    }
}
