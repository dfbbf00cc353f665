package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ViterbiTest {

    @Test
    void maximisesLagrangianObjectiveLikeBruteForce() {
        Random random = new Random(11);
        for (int instance = 0; instance < 2000; instance++) {
            ChainProblem problem = RandomChains.problem(random, instance % 2 == 0);
            double multiplier = switch (instance % 3) {
                case 0 -> 0;
                case 1 -> 0.5;
                default -> 3 * random.nextDouble();
            };
            double best = Double.NEGATIVE_INFINITY;
            for (int[] choices : RandomChains.allConfigurations(problem)) {
                Decoded decoded = problem.evaluate(choices);
                best = Math.max(best, decoded.unaryScore() - multiplier * decoded.cost());
            }
            Decoded viterbi = Viterbi.decode(problem, multiplier);
            assertThat(viterbi.unaryScore() - multiplier * viterbi.cost()).isCloseTo(best, within(1e-9));
        }
    }

    @Test
    void cheapestIsMinimumCostThenBestScore() {
        Random random = new Random(12);
        for (int instance = 0; instance < 1000; instance++) {
            ChainProblem problem = RandomChains.problem(random, true);
            double minimum = RandomChains.minimumCost(problem);
            double bestAtMinimum = RandomChains.bestScoreWithin(problem, minimum);
            Decoded cheapest = Viterbi.cheapest(problem);
            assertThat(cheapest.cost()).isEqualTo(minimum);
            assertThat(cheapest.unaryScore()).isEqualTo(bestAtMinimum);
        }
    }

    @Test
    void excludedChoicesAreNeverPicked() {
        double[][] unaries = {{Double.NaN, 1, 0}, {5, Double.NaN}};
        double[][][] entries = {{{0, 0, 0}}, {{0, 0}, {0, 0}, {0, 0}}};
        ChainCostTable cost = ChainCostTable.of(entries, 0);
        ChainProblem excluded = ChainProblem.of(unaries, cost, UnknownWidthPolicy.exclude());
        assertThat(Viterbi.decode(excluded, 0).choices()).containsExactly(1, 0);
        ChainProblem filled = ChainProblem.of(unaries, cost, UnknownWidthPolicy.fill(10));
        assertThat(Viterbi.decode(filled, 0).choices()).containsExactly(0, 1);
        assertThat(ChainProblem.of(unaries, cost, UnknownWidthPolicy.layerMean()).unary(0, 0)).isEqualTo(0.5);
        assertThat(ChainProblem.of(unaries, cost, UnknownWidthPolicy.layerMinimum()).unary(1, 1)).isEqualTo(5);
        assertThatThrownBy(() -> ChainProblem.of(unaries, cost)).hasMessageContaining("UnknownWidthPolicy");
        double[][] allUnknown = {{Double.NaN, Double.NaN, Double.NaN}, {1, 1}};
        assertThatThrownBy(() -> ChainProblem.of(allUnknown, cost, UnknownWidthPolicy.exclude()))
                .hasMessageContaining("layer 0 has no allowed choice");
    }
}
