package dev.slimfit.core.decode;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobResult.FrontPoint;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.decode.Decoded;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.decode.InfeasibleBudgetException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WidthDecoderTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final ChainCostTable MACS = CostTables.macs(SPACE);

    private static BudgetCost budget(double fraction) {
        return new BudgetCost(Budget.Kind.MACS,
                MACS.minimumCost() + fraction * (MACS.maximumCost() - MACS.minimumCost()), MACS, null);
    }

    private static double[][] randomUnaries(long seed, double unknownShare) {
        Random random = new Random(seed);
        double[][] unaries = new double[SPACE.layerCount()][];
        for (int i = 0; i < unaries.length; i++) {
            unaries[i] = new double[SPACE.layer(i).widthChoices().size()];
            for (int k = 0; k < unaries[i].length; k++) {
                unaries[i][k] = random.nextDouble() < unknownShare ? Double.NaN : -random.nextDouble() + 0.1 * k;
            }
            unaries[i][0] = -1;
        }
        return unaries;
    }

    @Test
    void decodesWithinTheBudgetAndMatchesBruteForce() {
        BudgetCost limit = budget(0.3);
        double[][] unaries = randomUnaries(3, 0);
        WidthDecoder decoder = new WidthDecoder(SPACE, limit);

        Decoded decoded = decoder.decode(unaries);

        assertThat(decoded.cost()).isLessThanOrEqualTo(limit.limit());
        double best = bruteForceBest(unaries, limit.limit());
        // Exact since the decode uses the Pareto curve (the discretised decoder needed a 5% allowance here).
        assertThat(decoded.unaryScore()).isEqualTo(best);
        assertThat(decoded).isEqualTo(ChainProblem.of(unaries, MACS).evaluate(decoded.choices()));
    }

    @Test
    void everyDecodeAndFrontPointIsTheBruteForceOptimumAcrossBudgetsAndUnknownWidths() {
        for (long seed = 10; seed < 22; seed++) {
            double[][] unaries = randomUnaries(seed, seed % 2 == 0 ? 0 : 0.2);
            double[][] resolved = ChainProblem.of(unaries, MACS, WidthDecoder.UNKNOWN_WIDTHS).unaries();
            for (double fraction : new double[]{0.05, 0.3, 0.55, 0.8, 1.0}) {
                BudgetCost limit = budget(fraction);
                WidthDecoder decoder = new WidthDecoder(SPACE, limit);
                Decoded decoded = decoder.decode(unaries);
                assertThat(decoded.cost()).isLessThanOrEqualTo(limit.limit());
                assertThat(decoded.unaryScore()).isEqualTo(bruteForceBest(resolved, limit.limit()));
                assertThat(decoder.curve(unaries).lookup(limit.limit()))
                        .isInstanceOfSatisfying(BudgetDecode.Feasible.class, f -> assertThat(f.decoded()).isEqualTo(decoded));
                for (FrontPoint point : decoder.paretoFront(unaries, 10)) {
                    assertThat(point.score()).isEqualTo(bruteForceBest(resolved, point.budget()));
                }
            }
        }
    }

    @Test
    void aTooLargeCurveFallsBackToTheDiscretisedDecoder() {
        BudgetCost limit = budget(0.4);
        double[][] unaries = randomUnaries(7, 0);
        WidthDecoder tiny = new WidthDecoder(SPACE, limit, 10);
        assertThatThrownBy(() -> tiny.curve(unaries)).isInstanceOf(ParetoCurve.TooLargeException.class);
        Decoded decoded = tiny.decode(unaries);
        Decoded exact = new WidthDecoder(SPACE, limit).decode(unaries);
        assertThat(decoded.cost()).isLessThanOrEqualTo(limit.limit());
        assertThat(decoded.unaryScore()).isLessThanOrEqualTo(exact.unaryScore());
        assertThat(tiny.paretoFront(unaries, 10)).isNotEmpty();
    }

    @Test
    void neverPrefersAnUnknownWidthOverTheWorstKnownOne() {
        double[][] unaries = randomUnaries(5, 0);
        unaries[2][5] = Double.NaN;
        Arrays.fill(unaries[2], 0, 5, -3);
        WidthDecoder decoder = new WidthDecoder(SPACE, budget(1.0));

        Decoded decoded = decoder.decode(unaries);

        // Unknown counts as the layer's worst known (-3): a tie that the decoder may break either way, never a win.
        assertThat(decoded.unaryScore()).isFinite();
    }

    @Test
    void paretoFrontRisesInCostAndScoreWithTheBudgetAndStaysWithinEachBudget() {
        BudgetCost limit = budget(0.6);
        for (long seed = 0; seed < 5; seed++) {
            List<FrontPoint> front = new WidthDecoder(SPACE, limit).paretoFront(randomUnaries(seed, 0.2), 10);

            assertThat(front).isNotEmpty();
            for (int k = 0; k < front.size(); k++) {
                FrontPoint point = front.get(k);
                assertThat(point.cost()).isLessThanOrEqualTo(point.budget());
                assertThat(point.budget()).isLessThanOrEqualTo(limit.limit() + 1e-6);
                if (k > 0) {
                    assertThat(point.budget()).isGreaterThan(front.get(k - 1).budget());
                    assertThat(point.cost()).isGreaterThan(front.get(k - 1).cost());
                    assertThat(point.score()).isGreaterThan(front.get(k - 1).score());
                }
            }
        }
    }

    @Test
    void infeasibleBudgetsNameTheMinimumAndUnsupportedKindsAreRefused() {
        BudgetCost tooSmall = new BudgetCost(Budget.Kind.MACS, MACS.minimumCost() / 2, MACS, null);

        assertThatThrownBy(() -> WidthDecoder.requireFeasible(SPACE, tooSmall))
                .isInstanceOf(InfeasibleBudgetException.class)
                .hasMessageContaining(Long.toString((long) MACS.minimumCost()));
        assertThatThrownBy(() -> WidthDecoder.requireFeasible(SPACE,
                new BudgetCost(Budget.Kind.AVERAGE_MACS, 1e9, MACS, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double bruteForceBest(double[][] unaries, double limit) {
        int[] choices = new int[SPACE.layerCount()];
        double best = Double.NEGATIVE_INFINITY;
        while (true) {
            if (MACS.cost(choices) <= limit) {
                double score = 0;
                for (int i = 0; i < choices.length; i++) {
                    score += unaries[i][choices[i]];
                }
                best = Math.max(best, score);
            }
            int i = 0;
            while (i < choices.length && ++choices[i] == unaries[i].length) {
                choices[i++] = 0;
            }
            if (i == choices.length) {
                return best;
            }
        }
    }
}
