package dev.slimfit.api.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/** The fastest and slowest configurations of a table against an exhaustive search and the chain's own extremes. */
class LatencyExtremesTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void fastestAndSlowestAreTheExactExtremesOfAnArbitraryTable() {
        for (long seed = 1; seed <= 5; seed++) {
            // Random, non-monotone entries (and a negative offset): the decode, not a width heuristic, must win.
            LatencyTable table = randomTable(new Random(seed), -0.3);
            double[] brute = bruteForce(table);

            LatencyExtremes.Extreme fastest = LatencyExtremes.fastest(table);
            LatencyExtremes.Extreme slowest = LatencyExtremes.slowest(table);
            assertThat(fastest.latencyMs()).isCloseTo(brute[0], within(1e-9));
            assertThat(slowest.latencyMs()).isCloseTo(brute[1], within(1e-9));
            assertThat(table.predictMs(fastest.widths())).isEqualTo(fastest.latencyMs());
            assertThat(table.predictMs(slowest.widths())).isEqualTo(slowest.latencyMs());
            assertThat(fastest.latencyMs()).isCloseTo(table.toCostTable().minimumCost(), within(1e-9));
            assertThat(slowest.latencyMs()).isCloseTo(table.toCostTable().maximumCost(), within(1e-9));
        }
    }

    @Test
    void aMonotoneTableIsFastestAtTheNarrowestAndSlowestAtTheWidestNetwork() {
        LatencyCells cells = LatencyCells.of(SPACE);
        double[] latencies = new double[cells.unknownCount()];
        for (int id = 0; id < latencies.length; id++) {
            latencies[id] = 0.01 * (cells.unknown(id).inputWidth() + 1) * cells.unknown(id).outputWidth();
        }
        LatencyTable table = LatencyTable.of(SPACE, latencies, new int[latencies.length], 0.2);
        assertThat(LatencyExtremes.fastest(table).widths()).containsExactly(SPACE.smallest());
        assertThat(LatencyExtremes.slowest(table).widths()).containsExactly(SPACE.largest());
    }

    private static LatencyTable randomTable(Random random, double offset) {
        int unknowns = LatencyCells.of(SPACE).unknownCount();
        double[] latencies = new double[unknowns];
        for (int i = 0; i < unknowns; i++) {
            latencies[i] = random.nextDouble();
        }
        return LatencyTable.of(SPACE, latencies, new int[unknowns], offset);
    }

    /** {min, max} of the predicted latency over every configuration of the space. */
    private static double[] bruteForce(LatencyTable table) {
        int layers = SPACE.layerCount();
        int[] choices = new int[layers];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        while (true) {
            double ms = table.predictChoicesMs(choices);
            min = Math.min(min, ms);
            max = Math.max(max, ms);
            int i = layers - 1;
            while (i >= 0 && ++choices[i] == SPACE.layer(i).widthChoices().size()) {
                choices[i--] = 0;
            }
            if (i < 0) {
                return new double[] {min, max};
            }
        }
    }
}
