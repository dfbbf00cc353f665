package dev.slimfit.core.decode;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChainMarginalsTest {

    @Test
    void marginalsMatchBruteForceEnumeration() {
        Random random = new Random(31);
        for (int instance = 0; instance < 500; instance++) {
            ChainProblem problem = RandomChains.problem(random, instance % 2 == 0);
            double multiplier = random.nextDouble();
            double temperature = List.of(1.0, 0.3, 0.01).get(instance % 3);
            ChainMarginals marginals = ChainMarginals.compute(problem, multiplier, temperature);

            List<int[]> all = RandomChains.allConfigurations(problem);
            double[] logWeights = new double[all.size()];
            for (int n = 0; n < all.size(); n++) {
                Decoded decoded = problem.evaluate(all.get(n));
                logWeights[n] = (decoded.unaryScore() - multiplier * decoded.cost()) / temperature;
            }
            double logPartition = ChainMarginals.logSumExp(logWeights, logWeights.length);
            assertThat(marginals.logPartition()).isCloseTo(logPartition, within(1e-9 * Math.max(1, Math.abs(logPartition))));
            double[][] expected = new double[problem.layerCount()][];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = new double[problem.choiceCount(i)];
            }
            for (int n = 0; n < all.size(); n++) {
                double p = Math.exp(logWeights[n] - logPartition);
                for (int i = 0; i < expected.length; i++) {
                    expected[i][all.get(n)[i]] += p;
                }
            }
            for (int i = 0; i < expected.length; i++) {
                double sum = 0;
                for (int k = 0; k < expected[i].length; k++) {
                    assertThat(marginals.marginal(i, k)).isCloseTo(expected[i][k], within(1e-9));
                    sum += marginals.marginal(i, k);
                }
                assertThat(sum).isCloseTo(1, within(1e-12));
            }
            int[] some = all.get(random.nextInt(all.size()));
            Decoded decoded = problem.evaluate(some);
            assertThat(marginals.probability(some)).isCloseTo(
                    Math.exp((decoded.unaryScore() - multiplier * decoded.cost()) / temperature - logPartition), within(1e-9));
        }
    }

    @Test
    void samplesFollowTheDistribution() {
        Random random = new Random(32);
        ChainProblem problem = RandomChains.problem(new Random(5), false);
        ChainMarginals marginals = ChainMarginals.compute(problem, 0.2, 1.0);
        int draws = 40_000;
        double[][] counts = new double[problem.layerCount()][];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new double[problem.choiceCount(i)];
        }
        for (int n = 0; n < draws; n++) {
            int[] choices = marginals.sample(random);
            for (int i = 0; i < choices.length; i++) {
                counts[i][choices[i]]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            for (int k = 0; k < counts[i].length; k++) {
                assertThat(counts[i][k] / draws).isCloseTo(marginals.marginal(i, k), within(0.015));
            }
        }
    }

    @Test
    void lowTemperatureConcentratesOnTheLagrangianDecode() {
        ChainProblem problem = RandomChains.problem(new Random(6), false);
        Decoded best = Viterbi.decode(problem, 0.3);
        ChainMarginals cold = ChainMarginals.compute(problem, 0.3, 1e-6);
        int[] choices = best.choices();
        for (int i = 0; i < choices.length; i++) {
            assertThat(cold.marginal(i, choices[i])).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void excludedChoicesHaveZeroProbability() {
        double[][] unaries = {{Double.NaN, 0.5}, {0, Double.NaN, 1}};
        var cost = dev.slimfit.core.cost.ChainCostTable.of(new double[][][] {{{1, 2}}, {{1, 2, 3}, {1, 1, 1}}}, 0);
        ChainMarginals marginals = ChainMarginals.compute(ChainProblem.of(unaries, cost, UnknownWidthPolicy.exclude()), 1, 1);
        assertThat(marginals.marginal(0, 0)).isZero();
        assertThat(marginals.marginal(1, 1)).isZero();
        assertThat(marginals.marginal(0, 1)).isCloseTo(1, within(1e-12));
    }
}
