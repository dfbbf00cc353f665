package dev.slimfit.core.latency;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DriftCheckTest {

    @Test
    void flagsATableWhenTheDeviceSlowsDown() {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        SimulatedDevice device = new SimulatedDevice(space, 1, 0.2, 0.01);
        Random random = new Random(2);
        List<Measurement> same = new ArrayList<>();
        List<Measurement> slower = new ArrayList<>();
        for (int n = 0; n < 9; n++) {
            Measurement measurement = device.measure(SimulatedDevice.randomWidths(space, random));
            same.add(measurement);
            slower.add(new Measurement(measurement.widths(), measurement.latencyMs() * 1.2));
        }
        assertThat(DriftCheck.assess(device.planted(), same, 0.05).stale()).isFalse();
        DriftCheck.Report report = DriftCheck.assess(device.planted(), slower, 0.05);
        assertThat(report.stale()).isTrue();
        assertThat(report.medianRelativeError()).isBetween(0.1, 0.25);
        assertThat(report.sampleCount()).isEqualTo(9);
    }
}
