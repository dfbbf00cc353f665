package dev.slimfit.core.sample;

import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.FitQuality;
import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.latency.SimulatedDevice;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SamplersTest {

    private final SearchSpace mobileNet = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();
    private final SearchSpace fmnist = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void uniformSamplesAreValidAndSpreadOverChoices() {
        UniformSampler sampler = new UniformSampler(fmnist, new Random(1));
        Set<Integer> firstLayer = new HashSet<>();
        for (int[] widths : sampler.next(200)) {
            ConfigurationValidator.validate(fmnist, widths);
            firstLayer.add(widths[0]);
        }
        assertThat(firstLayer).hasSize(fmnist.layer(0).widthChoices().size());
    }

    @Test
    void coverageSamplerCoversEveryMobileNetUnknownFarSoonerThanUniform() {
        CoverageSampler coverage = new CoverageSampler(mobileNet, new Random(2));
        int samples = 0;
        while (coverage.uncoveredCount() > 0 && samples < 1000) {
            ConfigurationValidator.validate(mobileNet, coverage.next());
            samples++;
        }
        CoverageSampler uniformCounts = new CoverageSampler(mobileNet, new Random(3));
        UniformSampler uniform = new UniformSampler(mobileNet, new Random(3));
        for (int n = 0; n < samples; n++) {
            uniformCounts.record(uniform.next());
        }
        System.out.printf("mobilenet-v1-224: coverage sampler measured all %d unknowns after %d configurations;"
                + " %d uniform configurations leave %d unmeasured%n", LatencyCells.of(mobileNet).unknownCount(),
                samples, samples, uniformCounts.uncoveredCount());
        assertThat(coverage.uncoveredCount()).isZero();
        // One configuration covers at most one of the 196 cells of an unshared 14x14 layer.
        assertThat(samples).isBetween(196, 300);
        assertThat(uniformCounts.uncoveredCount()).isGreaterThan(100);
    }

    @Test
    void inverseCountScoringAlsoCovers() {
        CoverageSampler coverage = new CoverageSampler(fmnist, new Random(4), CoverageSampler.Scoring.INVERSE_COUNT);
        coverage.next(60);
        assertThat(coverage.uncoveredCount()).isZero();
    }

    @Test
    void activeSamplerLowersPredictiveVarianceMoreThanUniform() {
        int budget = 120;
        ActiveSampler active = new ActiveSampler(fmnist, new Random(5));
        List<int[]> activePicks = active.next(budget);
        List<int[]> uniformPicks = new UniformSampler(fmnist, new Random(6)).next(budget);

        ActiveSampler activeDesign = new ActiveSampler(fmnist, new Random(7));
        activePicks.forEach(activeDesign::observe);
        ActiveSampler uniformDesign = new ActiveSampler(fmnist, new Random(7));
        uniformDesign.observeAll(uniformPicks);
        List<int[]> heldOut = new UniformSampler(fmnist, new Random(8)).next(500);
        double activeVariance = heldOut.stream().mapToDouble(activeDesign::predictiveVariance).average().orElseThrow();
        double uniformVariance = heldOut.stream().mapToDouble(uniformDesign::predictiveVariance).average().orElseThrow();
        System.out.printf("fmnist-small, %d picks: mean held-out predictive variance %.4f (active) vs %.4f (uniform)%n",
                budget, activeVariance, uniformVariance);
        assertThat(activeVariance).isLessThan(uniformVariance);
        // The sampler's own running inverse agrees with a fresh one built from the same picks.
        assertThat(active.predictiveVariance(heldOut.get(0)))
                .isCloseTo(activeDesign.predictiveVariance(heldOut.get(0)), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void activeSamplingFitsAtLeastAsWellAsUniformOnAPlantedTable() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 9, 0.3, 0.02);
        int budget = 150;
        List<int[]> validationConfigs = new UniformSampler(fmnist, new Random(10)).next(400);
        List<Measurement> truth = new ArrayList<>();
        for (int[] widths : validationConfigs) {
            truth.add(new Measurement(widths, device.planted().predictMs(widths)));
        }
        List<Measurement> validation = device.measureAll(validationConfigs);
        FitQuality active = fitQuality(device, new ActiveSampler(fmnist, new Random(11)).next(budget), validation, truth);
        FitQuality uniform = fitQuality(device, new UniformSampler(fmnist, new Random(11)).next(budget), validation, truth);
        System.out.printf("fmnist-small planted table from %d measurements, error vs truth: active %s | uniform %s%n",
                budget, active, uniform);
        assertThat(active.rmseMs()).isLessThan(uniform.rmseMs() * 1.1);
    }

    private static FitQuality fitQuality(SimulatedDevice device, List<int[]> picks, List<Measurement> validation,
                                         List<Measurement> truth) {
        var result = LatencyFitter.fit(device.space(), device.measureAll(picks), validation, FitOptions.defaults());
        return FitQuality.evaluate(result.table(), truth);
    }

    /**
     * Measurements spent near the budgets users ask for: every configuration the sampler picks near a budget is
     * predicted within the band of one, and without budgets it samples as before.
     */
    @Test
    void theActiveSamplerSpendsMeasurementsNearTheWantedBudgets() {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        dev.slimfit.core.latency.LatencyTable table = new SimulatedDevice(space, 5, 0.3, 0).planted();
        double low = table.predictMs(space.smallest());
        double high = table.predictMs(space.largest());
        List<Double> budgets = List.of(low + 0.3 * (high - low), low + 0.7 * (high - low));
        ActiveSampler sampler = new ActiveSampler(space, new Random(3));
        List<int[]> picked = sampler.nextNear(table, budgets, 0.02, 40);
        assertThat(picked).hasSize(40);
        int near = 0;
        Set<String> distinct = new HashSet<>();
        for (int[] widths : picked) {
            double predicted = table.predictMs(widths);
            distinct.add(java.util.Arrays.toString(widths));
            boolean inBand = budgets.stream().anyMatch(b -> Math.abs(predicted - b) <= 0.02 * b);
            near += inBand ? 1 : 0;
        }
        assertThat(near).as("picks predicted within 2%% of a budget").isEqualTo(40);
        assertThat(distinct.size()).as("spread over the band, not one network").isGreaterThan(20);
        // Without budgets (or none reachable) it is the plain active sampler.
        assertThat(new ActiveSampler(space, new Random(3)).nextNear(table, List.of(), 0.02))
                .containsExactly(new ActiveSampler(space, new Random(3)).next());
        int[] unreachable = new ActiveSampler(space, new Random(3)).nextNear(table, List.of(100 * high), 0.02);
        ConfigurationValidator.validate(space, unreachable);
    }
}
