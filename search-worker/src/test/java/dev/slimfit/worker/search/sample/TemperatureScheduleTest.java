package dev.slimfit.worker.search.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TemperatureScheduleTest {

    @Test
    void followsAowsKnotsMappedFromTwentyEpochs() {
        assertThat(TemperatureSchedule.warmingUp(0.0)).isTrue();
        assertThat(TemperatureSchedule.warmingUp(0.2499)).isTrue();
        assertThat(TemperatureSchedule.warmingUp(0.25)).isFalse();
        assertThat(TemperatureSchedule.at(0.1)).isEqualTo(1.0);
        assertThat(TemperatureSchedule.at(0.25)).isCloseTo(1.0, within(1e-12));
        assertThat(TemperatureSchedule.at(0.30)).isCloseTo(0.01, within(1e-12));
        assertThat(TemperatureSchedule.at(0.50)).isCloseTo(0.001, within(1e-12));
        assertThat(TemperatureSchedule.at(1.0)).isCloseTo(5e-4, within(1e-12));
    }

    @Test
    void fallsLogLinearlyBetweenKnots() {
        assertThat(TemperatureSchedule.at(0.4)).isCloseTo(Math.sqrt(0.01 * 0.001), within(1e-12));
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= 100; k++) {
            double temperature = TemperatureSchedule.at(k / 100.0);
            assertThat(temperature).isLessThanOrEqualTo(previous);
            previous = temperature;
        }
    }
}
