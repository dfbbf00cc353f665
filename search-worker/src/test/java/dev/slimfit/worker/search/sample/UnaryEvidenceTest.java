package dev.slimfit.worker.search.sample;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UnaryEvidenceTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void creditsEveryChosenWidthWithTheLossGapOverLayersAndLeavesOthersUnknown() {
        UnaryEvidence evidence = new UnaryEvidence(SPACE, 10);
        evidence.record(new int[] {0, 1, 2, 3, 4}, 2.5, 2.0);
        evidence.record(new int[] {0, 2, 2, 3, 5}, 3.0, 2.0);

        double[][] unaries = evidence.unaries();

        assertThat(unaries[0][0]).isCloseTo((-0.5 / 5 - 1.0 / 5) / 2, within(1e-12));
        assertThat(unaries[1][1]).isCloseTo(-0.1, within(1e-12));
        assertThat(unaries[1][2]).isCloseTo(-0.2, within(1e-12));
        assertThat(unaries[4][5]).isCloseTo(-0.2, within(1e-12));
        for (int i = 0; i < unaries.length; i++) {
            for (int k = 0; k < unaries[i].length; k++) {
                boolean sampled = evidence.sampleCounts()[i][k] > 0;
                assertThat(Double.isNaN(unaries[i][k])).as("layer %d choice %d", i, k).isEqualTo(!sampled);
            }
        }
    }

    @Test
    void theWindowForgetsOldSamplesButAWidthSeenOnlyEarlyKeepsItsLifetimeMean() {
        UnaryEvidence evidence = new UnaryEvidence(SPACE, 2);
        evidence.record(new int[] {0, 0, 0, 0, 0}, 7.0, 2.0);
        evidence.record(new int[] {1, 1, 1, 1, 1}, 2.0, 2.0);
        evidence.record(new int[] {1, 1, 1, 1, 2}, 3.0, 2.0);

        double[][] unaries = evidence.unaries();

        assertThat(unaries[0][0]).as("evicted, lifetime mean").isCloseTo(-1.0, within(1e-12));
        assertThat(unaries[0][1]).as("window mean").isCloseTo(-0.1, within(1e-12));
        assertThat(unaries[4][2]).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void staleEvidenceNeverOutranksTheLayersRecentEvidence() {
        UnaryEvidence evidence = new UnaryEvidence(SPACE, 2);
        evidence.record(new int[] {0, 0, 0, 0, 0}, 2.0, 2.0);
        evidence.record(new int[] {1, 1, 1, 1, 1}, 2.5, 2.0);
        evidence.record(new int[] {2, 1, 1, 1, 1}, 3.0, 2.0);

        double[][] unaries = evidence.unaries();

        // Width 0 of layer 0 was seen once, early, with no gap (0.0); the window's worst for layer 0 is -0.2.
        assertThat(unaries[0][0]).isCloseTo(-0.2, within(1e-12));
        assertThat(unaries[0][1]).isCloseTo(-0.1, within(1e-12));
    }

    @Test
    void aRestoredStateContinuesExactly() {
        UnaryEvidence original = new UnaryEvidence(SPACE, 3);
        for (int n = 0; n < 5; n++) {
            original.record(new int[] {n % 6, (n + 1) % 6, 2, 3, n % 6}, 2 + 0.1 * n, 2.0);
        }
        UnaryEvidence restored = UnaryEvidence.restore(SPACE, original.state());
        original.record(new int[] {5, 5, 5, 5, 5}, 1.0, 2.0);
        restored.record(new int[] {5, 5, 5, 5, 5}, 1.0, 2.0);

        double[][] expected = original.unaries();
        double[][] actual = restored.unaries();
        for (int i = 0; i < expected.length; i++) {
            // Equal up to rounding: the original's window sums were updated incrementally, the restored ones summed.
            assertThat(actual[i]).containsExactly(expected[i], within(1e-12));
        }
        assertThat(restored.sampleCounts()).isDeepEqualTo(original.sampleCounts());
    }

    @Test
    void nonFiniteLossesAreIgnored() {
        UnaryEvidence evidence = new UnaryEvidence(SPACE, 3);
        evidence.record(new int[] {0, 0, 0, 0, 0}, Double.NaN, 2.0);

        assertThat(evidence.isEmpty()).isTrue();
    }
}
