package dev.slimfit.core.latency;

import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyCellsTest {

    private final SearchSpace mobileNet = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();

    @Test
    void mobileNetSharesUnknownsLikeAows() {
        LatencyCells cells = LatencyCells.of(mobileNet);
        System.out.printf("mobilenet-v1-224 latency model: %d unknowns for %d (layer, c_in, c_out) cells, %d monotone pairs%n",
                cells.unknownCount(), cells.chainCellCount(), cells.monotonePairs().length);
        assertThat(cells.chainCellCount()).isEqualTo(2396);
        assertThat(cells.unknownCount()).isEqualTo(1612);
    }

    @Test
    void sharedLayersUseTheSameUnknowns() {
        LatencyCells cells = LatencyCells.of(mobileNet);
        // Layers with index 8..11 are 14x14 stride-1 blocks from 512-base to 512-base widths, like layer 7.
        for (int layer = 8; layer <= 11; layer++) {
            for (int a = 0; a < 14; a++) {
                for (int b = 0; b < 14; b++) {
                    assertThat(cells.id(layer, a, b)).isEqualTo(cells.id(7, a, b));
                }
            }
        }
        assertThat(cells.id(12, 0, 0)).isNotEqualTo(cells.id(7, 0, 0));
        assertThat(cells.unknown(cells.classifierId(3)).key().role()).isEqualTo(LayerRole.CLASSIFIER);
        assertThat(cells.unknown(cells.classifierId(3)).inputWidth()).isEqualTo(512);
        assertThat(cells.unknown(cells.id(0, 0, 2))).isEqualTo(new LatencyCell(
                new LayerKey(mobileNet.layer(0).kind(), 3, 2, 224, LayerRole.FIRST), 3, 24));
    }

    @Test
    void monotonePairsJoinNeighboursOfOneKey() {
        LatencyCells cells = LatencyCells.of(mobileNet);
        for (int[] pair : cells.monotonePairs()) {
            LatencyCell narrow = cells.unknown(pair[0]);
            LatencyCell wide = cells.unknown(pair[1]);
            assertThat(wide.key()).isEqualTo(narrow.key());
            boolean widerInput = wide.inputWidth() > narrow.inputWidth() && wide.outputWidth() == narrow.outputWidth();
            boolean widerOutput = wide.outputWidth() > narrow.outputWidth() && wide.inputWidth() == narrow.inputWidth();
            assertThat(widerInput || widerOutput).isTrue();
        }
    }

    @Test
    void idsOfAConfigurationFollowTheChain() {
        LatencyCells cells = LatencyCells.of(mobileNet);
        int[] widths = SimulatedDevice.randomWidths(mobileNet, new Random(3));
        int[] choices = ConfigurationValidator.choiceIndices(mobileNet, widths);
        int[] ids = cells.idsOf(choices);
        assertThat(ids).hasSize(15);
        for (int i = 0; i < 14; i++) {
            LatencyCell cell = cells.unknown(ids[i]);
            assertThat(cell.outputWidth()).isEqualTo(widths[i]);
            assertThat(cell.inputWidth()).isEqualTo(i == 0 ? 3 : widths[i - 1]);
        }
        assertThat(cells.unknown(ids[14]).inputWidth()).isEqualTo(widths[13]);
        assertThat(cells.unknown(ids[14]).outputWidth()).isEqualTo(1000);
    }
}
