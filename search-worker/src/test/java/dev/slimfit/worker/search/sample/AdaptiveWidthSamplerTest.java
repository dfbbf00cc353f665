package dev.slimfit.worker.search.sample;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveWidthSamplerTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final ChainCostTable MACS = CostTables.macs(SPACE);

    @Test
    void samplesUniformlyDuringTheWarmUpThenConcentratesNearTheBudget() {
        UnaryEvidence evidence = new UnaryEvidence(SPACE, 1000);
        Random random = new Random(1);
        UniformWidthSampler uniform = new UniformWidthSampler(SPACE);
        for (int n = 0; n < 400; n++) {
            int[] choices = uniform.sample(1, 0, random)[0];
            double cost = MACS.cost(choices);
            // Wider (costlier) configurations lose less: the loss gap shrinks with cost.
            evidence.record(choices, 2.0 + 1e-6 * (MACS.maximumCost() - cost), 2.0);
        }
        double budget = MACS.minimumCost() + 0.3 * (MACS.maximumCost() - MACS.minimumCost());
        AdaptiveWidthSampler sampler = new AdaptiveWidthSampler(SPACE, evidence, MACS, budget);

        int[][] warmUp = sampler.sample(200, 0.1, new Random(2));
        assertThat(java.util.stream.IntStream.range(0, 200).allMatch(sampler::unbiased)).isTrue();
        int[][] late = sampler.sample(200, 0.95, new Random(2));

        assertThat(Double.isNaN(sampler.lastTemperature())).isFalse();
        assertThat(sampler.lastMultiplier()).isPositive();
        // The first half came from the marginals (not credited), the second half is uniform exploration.
        int[][] marginal = java.util.Arrays.copyOfRange(late, 0, 100);
        int[][] explored = java.util.Arrays.copyOfRange(late, 100, 200);
        assertThat(sampler.unbiased(99)).isFalse();
        assertThat(sampler.unbiased(100)).isTrue();
        assertThat(spread(marginal)).isLessThan(spread(warmUp) / 4);
        assertThat(spread(explored)).isGreaterThan(spread(warmUp) / 2);
        double lateMean = java.util.Arrays.stream(marginal).mapToDouble(MACS::cost).average().orElseThrow();
        assertThat(Math.abs(lateMean - budget)).isLessThan(0.25 * budget);
    }

    @Test
    void withOneConfigurationPerStepACoinPicksMarginalOrUniform() {
        UnaryEvidence evidence = new UnaryEvidence(SPACE, 100);
        evidence.record(new int[] {0, 0, 0, 0, 0}, 2.5, 2.0);
        double budget = MACS.minimumCost() + 0.5 * (MACS.maximumCost() - MACS.minimumCost());
        AdaptiveWidthSampler sampler = new AdaptiveWidthSampler(SPACE, evidence, MACS, budget);
        int credited = 0;
        for (int step = 0; step < 200; step++) {
            sampler.sample(1, 0.9, new Random(step * 0x9E3779B97F4A7C15L + 11));
            credited += sampler.unbiased(0) ? 1 : 0;
        }
        assertThat(credited).isBetween(70, 130);
    }

    private static double spread(int[][] configurations) {
        double[] costs = java.util.Arrays.stream(configurations).mapToDouble(MACS::cost).toArray();
        double mean = java.util.Arrays.stream(costs).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(costs).map(c -> (c - mean) * (c - mean)).average().orElseThrow());
    }
}
