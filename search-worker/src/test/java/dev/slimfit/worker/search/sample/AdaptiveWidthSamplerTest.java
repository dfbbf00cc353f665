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
        int[][] late = sampler.sample(200, 0.95, new Random(2));

        assertThat(Double.isNaN(sampler.lastTemperature())).isFalse();
        assertThat(sampler.lastMultiplier()).isPositive();
        assertThat(spread(late)).isLessThan(spread(warmUp) / 4);
        double lateMean = java.util.Arrays.stream(late).mapToDouble(MACS::cost).average().orElseThrow();
        assertThat(Math.abs(lateMean - budget)).isLessThan(0.25 * budget);
    }

    private static double spread(int[][] configurations) {
        double[] costs = java.util.Arrays.stream(configurations).mapToDouble(MACS::cost).toArray();
        double mean = java.util.Arrays.stream(costs).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(costs).map(c -> (c - mean) * (c - mean)).average().orElseThrow());
    }
}
