package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact curve against brute force on small random chains: every instance, every budget, 0 misses. */
class ParetoCurveTest {

    /** The exact curve by enumeration: sort all allowed configurations by cost, keep strict score records. */
    static List<Decoded> bruteForceCurve(ChainProblem problem) {
        List<Decoded> all = new ArrayList<>();
        for (int[] choices : RandomChains.allConfigurations(problem)) {
            Decoded decoded = problem.evaluate(choices);
            if (decoded.unaryScore() > Double.NEGATIVE_INFINITY) {
                all.add(decoded);
            }
        }
        all.sort(Comparator.comparingDouble(Decoded::cost)
                .thenComparing(Comparator.comparingDouble(Decoded::unaryScore).reversed()));
        List<Decoded> curve = new ArrayList<>();
        for (Decoded decoded : all) {
            if (curve.isEmpty() || decoded.unaryScore() > curve.get(curve.size() - 1).unaryScore()) {
                curve.add(decoded);
            }
        }
        return curve;
    }

    private static void assertCurveIsExact(ChainProblem problem, ParetoCurve curve, List<Decoded> expected) {
        assertThat(curve.size()).isEqualTo(expected.size());
        for (int k = 0; k < curve.size(); k++) {
            // Bit-for-bit the canonical cost and score of the brute-force curve.
            assertThat(Double.compare(curve.cost(k), expected.get(k).cost())).isZero();
            assertThat(Double.compare(curve.score(k), expected.get(k).unaryScore())).isZero();
            // The point's own configuration really has that cost and score.
            assertThat(problem.evaluate(curve.choices(k))).isEqualTo(curve.point(k));
            if (k > 0) {
                assertThat(curve.cost(k)).isGreaterThan(curve.cost(k - 1));
                assertThat(curve.score(k)).isGreaterThan(curve.score(k - 1));
            }
        }
    }

    /** Random chains with extra ties and disallowed / unknown choices mixed in. */
    private static ChainProblem variedProblem(Random random, int instance) {
        ChainProblem base = RandomChains.problem(random, instance % 2 == 0);
        if (instance % 5 != 0) {
            return base;
        }
        double[][] unaries = base.unaries();
        for (double[] layer : unaries) {
            for (int k = 0; k < layer.length; k++) {
                int roll = random.nextInt(8);
                if (roll == 0) {
                    layer[k] = Double.NaN;
                } else if (roll == 1) {
                    layer[k] = Double.NEGATIVE_INFINITY;
                }
            }
            if (Arrays.stream(layer).allMatch(v -> v == Double.NEGATIVE_INFINITY)) {
                layer[0] = 0;
            }
        }
        UnknownWidthPolicy[] policies = {UnknownWidthPolicy.layerMinimum(), UnknownWidthPolicy.layerMean(),
                UnknownWidthPolicy.fill(0.5)};
        UnknownWidthPolicy policy = policies[random.nextInt(policies.length)];
        return ChainProblem.of(unaries, base.cost(), policy);
    }

    @Test
    void curveEqualsTheBruteForceCurveOnThousandsOfRandomChains() {
        Random random = new Random(101);
        int points = 0;
        for (int instance = 0; instance < 5000; instance++) {
            ChainProblem problem = variedProblem(random, instance);
            ParetoCurve curve = ParetoCurve.of(problem);
            assertCurveIsExact(problem, curve, bruteForceCurve(problem));
            assertThat(curve.minimumCost()).isEqualTo(RandomChains.minimumCost(problem));
            assertThat(curve.cost(0)).isEqualTo(curve.minimumCost());
            assertThat(curve.score(curve.size() - 1)).isEqualTo(Viterbi.decode(problem, 0).unaryScore());
            points += curve.size();
        }
        assertThat(points).isGreaterThan(10_000);
    }

    @Test
    void lookupAtEveryConfigurationsCostAndJustBelowAndAboveMatchesBruteForce() {
        Random random = new Random(102);
        int exactBudgets = 0;
        for (int instance = 0; instance < 1500; instance++) {
            ChainProblem problem = variedProblem(random, instance);
            ParetoCurve curve = ParetoCurve.of(problem);
            for (int[] choices : RandomChains.allConfigurations(problem)) {
                double cost = problem.cost().cost(choices);
                for (double budget : new double[]{cost, Math.nextDown(cost), Math.nextUp(cost), cost - 0.5}) {
                    assertLookupIsOptimal(problem, curve, budget);
                }
                exactBudgets++;
            }
        }
        assertThat(exactBudgets).isGreaterThan(50_000);
    }

    @Test
    void lookupAtRandomBudgetsMatchesBruteForceAndTheDecoderAgrees() {
        Random random = new Random(103);
        ExactCurveDecoder decoder = new ExactCurveDecoder();
        int infeasible = 0;
        for (int instance = 0; instance < 4000; instance++) {
            ChainProblem problem = variedProblem(random, instance);
            ParetoCurve curve = ParetoCurve.of(problem);
            for (int n = 0; n < 5; n++) {
                double budget = RandomChains.budget(problem, random);
                assertLookupIsOptimal(problem, curve, budget);
                BudgetDecode decoded = decoder.decode(problem, budget);
                assertThat(decoded).isEqualTo(curve.lookup(budget));
                infeasible += decoded.feasible() ? 0 : 1;
            }
        }
        assertThat(infeasible).isGreaterThan(100);
    }

    private static void assertLookupIsOptimal(ChainProblem problem, ParetoCurve curve, double budget) {
        double optimum = RandomChains.bestScoreWithin(problem, budget);
        BudgetDecode result = curve.lookup(budget);
        if (optimum == Double.NEGATIVE_INFINITY) {
            assertThat(result).isEqualTo(new BudgetDecode.Infeasible(budget, RandomChains.minimumCost(problem)));
        } else {
            BudgetDecode.Feasible feasible = (BudgetDecode.Feasible) result;
            assertThat(feasible.decoded()).isEqualTo(problem.evaluate(feasible.decoded().choices()));
            assertThat(feasible.decoded().cost()).isLessThanOrEqualTo(budget);
            assertThat(feasible.decoded().unaryScore()).isEqualTo(optimum);
            assertThat(feasible.stepCost()).isZero();
        }
    }

    @Test
    void aCurveBuiltUpToACostIsExactlyThePrefixOfTheWholeCurve() {
        Random random = new Random(104);
        for (int instance = 0; instance < 3000; instance++) {
            ChainProblem problem = variedProblem(random, instance);
            ParetoCurve whole = ParetoCurve.of(problem);
            List<int[]> all = RandomChains.allConfigurations(problem);
            double cap = random.nextBoolean() ? problem.cost().cost(all.get(random.nextInt(all.size())))
                    : RandomChains.budget(problem, random);
            ParetoCurve prefix = ParetoCurve.upTo(problem, cap);
            int expected = whole.indexWithin(cap) + 1;
            assertThat(prefix.size()).isEqualTo(expected);
            for (int k = 0; k < expected; k++) {
                assertThat(prefix.point(k)).isEqualTo(whole.point(k));
            }
            assertThat(prefix.minimumCost()).isEqualTo(whole.minimumCost());
            assertThat(prefix.lookup(cap)).isEqualTo(whole.lookup(cap));
            assertThat(prefix.coveredUpTo()).isEqualTo(cap);
            assertThatThrownBy(() -> prefix.lookup(Math.nextUp(cap))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void budgetsEqualToAConfigurationsCostFindItDespiteRoundingInTheSum() {
        // 0.1 + 0.2 != 0.3 in doubles: the configuration costing fl(fl(0.1 + 0.2) + 0.3) must fit exactly that budget.
        double[][][] entries = {
                {{0.1, 0.3}},
                {{0.2, 0.0}, {0.0, 0.2}},
                {{0.3, 0.1}, {0.0, 0.1}},
        };
        ChainCostTable table = ChainCostTable.of(entries, 0.7);
        double[][] unaries = {{1, 0}, {1, 0}, {1, 0}};
        ChainProblem problem = ChainProblem.of(unaries, table);
        double cost = table.cost(new int[]{0, 0, 0});
        ParetoCurve curve = ParetoCurve.of(problem);
        var atCost = (BudgetDecode.Feasible) curve.lookup(cost);
        assertThat(atCost.decoded().choices()).containsExactly(0, 0, 0);
        assertThat(atCost.decoded().unaryScore()).isEqualTo(3);
        var below = (BudgetDecode.Feasible) curve.lookup(Math.nextDown(cost));
        assertThat(below.decoded().unaryScore()).isLessThan(3);
    }

    @Test
    void equalCostAndScoreTiesAreBrokenDeterministically() {
        // Every configuration costs 2 and scores 0: the curve is one point, the lowest last choice first.
        double[][][] entries = {{{1, 1, 1}}, {{1, 1}, {1, 1}, {1, 1}}};
        ChainProblem problem = ChainProblem.of(new double[][]{{0, 0, 0}, {0, 0}}, ChainCostTable.of(entries, 0));
        ParetoCurve curve = ParetoCurve.of(problem);
        assertThat(curve.size()).isEqualTo(1);
        assertThat(curve.choices(0)).containsExactly(0, 0);
        Random random = new Random(105);
        for (int instance = 0; instance < 300; instance++) {
            ChainProblem tied = RandomChains.problem(random, true);
            assertThat(ParetoCurve.of(tied).points()).isEqualTo(ParetoCurve.of(tied).points());
        }
    }

    @Test
    void unknownWidthsFollowThePolicyLikeChainProblem() {
        double[][][] entries = {{{1, 5}}, {{1, 5}, {1, 5}}};
        ChainCostTable table = ChainCostTable.of(entries, 0);
        double[][] unaries = {{0, Double.NaN}, {0, 1}};
        ParetoCurve excluded = ParetoCurve.of(ChainProblem.of(unaries, table, UnknownWidthPolicy.exclude()));
        assertThat(excluded.points()).allSatisfy(point -> assertThat(point.choices()[0]).isZero());
        ParetoCurve filled = ParetoCurve.of(ChainProblem.of(unaries, table, UnknownWidthPolicy.fill(3)));
        assertThat(filled.score(filled.size() - 1)).isEqualTo(4);
        assertThat(filled.choices(filled.size() - 1)).containsExactly(1, 1);
    }

    @Test
    void aBuildPastThePairBoundFailsInsteadOfTruncating() {
        ChainProblem problem = RandomChains.problem(new Random(106), false);
        ChainProblem wide = ChainProblem.of(new double[6][6], ChainCostTable.of(randomTable(new Random(107), 6, 6), 0));
        assertThat(ParetoCurve.build(problem, Double.POSITIVE_INFINITY, 1_000).size()).isPositive();
        assertThatThrownBy(() -> ParetoCurve.build(wide, Double.POSITIVE_INFINITY, 10))
                .isInstanceOf(ParetoCurve.TooLargeException.class);
    }

    static double[][][] randomTable(Random random, int layers, int choices) {
        double[][][] entries = new double[layers][][];
        for (int i = 0; i < layers; i++) {
            entries[i] = new double[i == 0 ? 1 : choices][choices];
            for (double[] row : entries[i]) {
                for (int b = 0; b < choices; b++) {
                    row[b] = random.nextDouble();
                }
            }
        }
        return entries;
    }
}
