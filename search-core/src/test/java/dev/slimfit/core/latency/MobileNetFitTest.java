package dev.slimfit.core.latency;

import dev.slimfit.core.sample.CoverageSampler;
import dev.slimfit.core.sample.UniformSampler;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The AOWS-sized problem (1,612 unknowns) end to end, kept small enough for the unit-test budget. */
class MobileNetFitTest {

    @Test
    void fitsPlantedMobileNetTableFromCoverageSamples() {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();
        SimulatedDevice device = new SimulatedDevice(space, 3, 0.3, 0.02);
        List<Measurement> training = device.measureAll(new CoverageSampler(space, new Random(1)).next(1500));
        List<Measurement> validation = device.measureAll(new UniformSampler(space, new Random(2)).next(400));
        FitResult result = LatencyFitter.fit(space, training, validation,
                FitOptions.defaults().withPenaltyGrid(List.of(0.0, 0.1)));
        System.out.println("mobilenet-v1-224 from 1,500 coverage samples, validation: " + result.validation());
        assertThat(result.table().unobservedCount()).isZero();
        assertThat(result.validation().nrmsePercent()).isLessThan(3.5);
        assertThat(result.validation().within10PercentShare()).isGreaterThan(0.99);
    }
}
