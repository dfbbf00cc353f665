package dev.slimfit.worker.method.ows;

import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.sample.UnaryEvidence;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OWS's checkpoint record survives JSON bit for bit, NaN ("never sampled") included. */
class OwsStateTest {

    @Test
    void theSavedRecordRoundTripsWithNaNs() {
        UnaryEvidence.State evidence = new UnaryEvidence.State(4, new int[][] {{0, 1}, {1, 1}},
                new double[] {0.5, -0.25}, new double[][] {{0.5, 0.0}, {0.0, 0.25}}, new long[][] {{1, 0}, {0, 2}});
        SupernetSummary summary = new SupernetSummary(new int[] {8, 16}, 0.75, 0.5, Double.NaN, 0.6, 12.5, 900,
                new double[][] {{-0.5, Double.NaN}, {0.0, -0.25}});
        OwsState.SupernetFigures figures = new OwsState.SupernetFigures(Map.of("largest", 0.4), 12.5, 900);

        OwsState.Saved read = StateJson.read(StateJson.write(new OwsState.Saved(evidence, figures, summary)),
                OwsState.Saved.class);

        assertThat(read.supernet().widths()).containsExactly(8, 16);
        assertThat(read.supernet().lossSmallest()).isNaN();
        assertThat(read.supernet().unaries()[0][0]).isEqualTo(-0.5);
        assertThat(read.supernet().unaries()[0][1]).isNaN();
        assertThat(read.supernet().unaries()[1]).containsExactly(0.0, -0.25);
        assertThat(read.evidence().windowChoices()).isDeepEqualTo(new int[][] {{0, 1}, {1, 1}});
        assertThat(read.evidence().lifetimeCounts()).isDeepEqualTo(new long[][] {{1, 0}, {0, 2}});
        assertThat(read.supernetFigures().losses()).containsEntry("largest", 0.4);
        assertThat(read.supernetFigures().imagesPerSecond()).isEqualTo(900);
    }

    @Test
    void beforeTheDecodeThereIsNoSummary() {
        UnaryEvidence.State evidence = new UnaryEvidence.State(1, new int[0][], new double[0], new double[0][],
                new long[0][]);

        OwsState.Saved read = StateJson.read(StateJson.write(new OwsState.Saved(evidence, null, null)),
                OwsState.Saved.class);

        assertThat(read.supernet()).isNull();
        assertThat(read.supernetFigures()).isNull();
    }
}
