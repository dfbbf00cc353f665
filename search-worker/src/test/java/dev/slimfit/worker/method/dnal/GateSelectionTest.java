package dev.slimfit.worker.method.dnal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GateSelectionTest {

    /** sigmoid(beta * a) = 0.9 exactly at a = ln(9) / beta. */
    private static final double EDGE = Math.log(9);

    @Test
    void aChannelIsOpenOnlyWhereItsSharpGateExceedsPointNine() {
        double beta = 100;
        double[][] parameters = {
                {EDGE / beta + 1e-6, EDGE / beta - 1e-6, 1, -1, 0},
                {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}};

        assertThat(GateSelection.openCounts(parameters, beta)).containsExactly(2, 6);
        assertThat(GateSelection.openCounts(parameters, 1)).containsExactly(0, 0);
    }

    @Test
    void countsRoundToTheNearestAllowedWidthTiesUpNeverBelowTheNarrowest() {
        // widths {2, 4, 6} in every layer of the test space
        assertThat(GateSelection.rounded(GateCostsTest.SPACE, new int[] {0, 3, 5})).containsExactly(2, 4, 6);
        assertThat(GateSelection.rounded(GateCostsTest.SPACE, new int[] {1, 4, 9})).containsExactly(2, 4, 6);
        assertThat(GateSelection.rounded(GateCostsTest.SPACE, new int[] {2, 2, 6})).containsExactly(2, 2, 6);
    }

    @Test
    void channelsAreOrderedMostOpenFirstTiesByIndex() {
        assertThat(GateSelection.order(new double[] {0.1, 2, -3, 2, 0.5})).containsExactly(1, 3, 4, 0, 2);
    }

    @Test
    void unariesSumTheSoftScoresOfTheMostOpenChannelsPerWidth() {
        double[] layer = {-2, 3, 0, 1, -1, 2};
        double[][] parameters = {layer, layer, layer};

        double[][] unaries = GateSelection.unaries(GateCostsTest.SPACE, parameters);

        double s3 = GateSelection.sigmoid(3);
        double s2 = GateSelection.sigmoid(2);
        double s1 = GateSelection.sigmoid(1);
        double s0 = GateSelection.sigmoid(0);
        assertThat(unaries[0][0]).isCloseTo(s3 + s2, within(1e-12));
        assertThat(unaries[0][1]).isCloseTo(s3 + s2 + s1 + s0, within(1e-12));
        assertThat(unaries[2][2]).isCloseTo(s3 + s2 + s1 + s0 + GateSelection.sigmoid(-1)
                + GateSelection.sigmoid(-2), within(1e-12));
    }

    @Test
    void histogramsCountSharpGatesInTenBins() {
        double[][] parameters = {{-10, 10, 0, 0.001}};

        assertThat(GateSelection.histograms(parameters, 1000).get(0)).containsExactly(1, 0, 0, 0, 0, 1, 0, 1, 0, 1);
    }

    @Test
    void expectedCountsSumTheSharpGates() {
        assertThat(GateSelection.expectedCounts(new double[][] {{0, 0, 10}}, 1)[0])
                .isCloseTo(0.5 + 0.5 + GateSelection.sigmoid(10), within(1e-12));
    }
}
