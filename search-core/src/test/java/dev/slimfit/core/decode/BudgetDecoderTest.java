package dev.slimfit.core.decode;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetDecoderTest {

    private final LagrangianDecoder lagrangian = new LagrangianDecoder();

    @Test
    void exactDecoderWithUnitStepIsOptimalOnIntegerCosts() {
        Random random = new Random(21);
        ExactBudgetDecoder exact = ExactBudgetDecoder.withStep(1);
        int infeasible = 0;
        for (int instance = 0; instance < 3000; instance++) {
            ChainProblem problem = RandomChains.problem(random, true);
            double budget = RandomChains.budget(problem, random);
            double optimum = RandomChains.bestScoreWithin(problem, budget);
            BudgetDecode result = exact.decode(problem, budget);
            if (optimum == Double.NEGATIVE_INFINITY) {
                infeasible++;
                assertThat(result).isInstanceOf(BudgetDecode.Infeasible.class);
                assertThat(((BudgetDecode.Infeasible) result).minimumCost()).isEqualTo(RandomChains.minimumCost(problem));
            } else {
                BudgetDecode.Feasible feasible = (BudgetDecode.Feasible) result;
                assertThat(feasible.decoded().cost()).isLessThanOrEqualTo(budget);
                assertThat(feasible.decoded().unaryScore()).isEqualTo(optimum);
                assertThat(feasible.stepCost()).isEqualTo(1);
            }
        }
        assertThat(infeasible).isGreaterThan(50);
    }

    @Test
    void exactDecoderOnRealCostsIsFeasibleAndWithinOneStepPerLayer() {
        Random random = new Random(22);
        double fraction = 0.01;
        ExactBudgetDecoder exact = ExactBudgetDecoder.atResolution(fraction);
        for (int instance = 0; instance < 3000; instance++) {
            ChainProblem problem = RandomChains.problem(random, false);
            double budget = RandomChains.budget(problem, random);
            double optimum = RandomChains.bestScoreWithin(problem, budget);
            BudgetDecode result = exact.decode(problem, budget);
            assertThat(result.feasible()).isEqualTo(optimum > Double.NEGATIVE_INFINITY);
            if (result instanceof BudgetDecode.Feasible feasible) {
                double step = fraction * Math.abs(budget);
                double guaranteed = RandomChains.bestScoreWithin(problem, budget - problem.layerCount() * step);
                assertThat(feasible.decoded().cost()).isLessThanOrEqualTo(budget);
                assertThat(feasible.decoded().unaryScore()).isLessThanOrEqualTo(optimum)
                        .isGreaterThanOrEqualTo(guaranteed);
                assertThat(feasible.decoded().unaryScore())
                        .isGreaterThanOrEqualTo(((BudgetDecode.Feasible) lagrangian.decode(problem, budget))
                                .decoded().unaryScore());
            }
        }
    }

    @Test
    void lagrangianIsAlwaysFeasibleAndItsGapIsReported() {
        Random random = new Random(23);
        int compared = 0;
        int optimal = 0;
        double gapSum = 0;
        double worstGap = 0;
        for (int instance = 0; instance < 3000; instance++) {
            ChainProblem problem = RandomChains.problem(random, instance % 2 == 0);
            double budget = RandomChains.budget(problem, random);
            double optimum = RandomChains.bestScoreWithin(problem, budget);
            BudgetDecode result = lagrangian.decode(problem, budget);
            if (optimum == Double.NEGATIVE_INFINITY) {
                assertThat(result).isInstanceOf(BudgetDecode.Infeasible.class);
                continue;
            }
            BudgetDecode.Feasible feasible = (BudgetDecode.Feasible) result;
            assertThat(feasible.decoded().cost()).isLessThanOrEqualTo(budget);
            double gap = optimum - feasible.decoded().unaryScore();
            assertThat(gap).isGreaterThanOrEqualTo(-1e-12);
            compared++;
            optimal += gap <= 1e-12 ? 1 : 0;
            gapSum += gap;
            worstGap = Math.max(worstGap, gap);
        }
        System.out.printf("Lagrangian vs brute force on %d feasible instances: optimal in %.1f%%, mean score gap %.4f,"
                + " worst %.4f (unary scale ~1 per layer)%n", compared, 100.0 * optimal / compared, gapSum / compared, worstGap);
        assertThat(optimal).isGreaterThan(compared / 2);
    }

    @Test
    void infeasibleBudgetNamesMinimumCost() {
        Random random = new Random(24);
        ChainProblem problem = RandomChains.problem(random, true);
        double minimum = problem.cost().minimumCost();
        BudgetDecode result = lagrangian.decode(problem, minimum - 0.5);
        assertThat(result).isInstanceOf(BudgetDecode.Infeasible.class);
        BudgetDecode.Infeasible infeasible = (BudgetDecode.Infeasible) result;
        assertThat(infeasible.minimumCost()).isEqualTo(minimum);
        assertThat(infeasible.message()).contains(String.valueOf(minimum));
        assertThat(ExactBudgetDecoder.atResolution(0.005).decode(problem, minimum - 0.5)).isEqualTo(result);
    }

    @Test
    void paretoFrontIsNonDominatedAndOptimalAtEachBudget() {
        Random random = new Random(25);
        ExactBudgetDecoder exact = ExactBudgetDecoder.withStep(1);
        for (int instance = 0; instance < 200; instance++) {
            ChainProblem problem = RandomChains.problem(random, true);
            var front = ParetoFront.sweep(problem, exact, 15);
            assertThat(front).isNotEmpty();
            for (int k = 0; k < front.size(); k++) {
                ParetoPoint point = front.get(k);
                assertThat(point.cost()).isLessThanOrEqualTo(point.budget());
                assertThat(point.unaryScore()).isEqualTo(RandomChains.bestScoreWithin(problem, point.cost()));
                if (k > 0) {
                    assertThat(point.cost()).isGreaterThan(front.get(k - 1).cost());
                    assertThat(point.unaryScore()).isGreaterThan(front.get(k - 1).unaryScore());
                }
            }
        }
    }
}
