package dev.slimfit.core.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyCalibrationTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final SimulatedDevice DEVICE = new SimulatedDevice(SPACE, 11, 0.3, 0);

    @Test
    void aDeviceSlowerByOneFactorIsRecoveredExactlyAndTheTableStaysAdditive() {
        LatencyTable table = DEVICE.planted();
        Random random = new Random(3);
        List<Measurement> measured = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int[] widths = SimulatedDevice.randomWidths(SPACE, random);
            measured.add(new Measurement(widths, 1.3 * table.predictMs(widths)));
        }
        LatencyCalibration calibration = LatencyCalibration.fit(table, measured);
        assertThat(calibration.scale()).isCloseTo(1.3, within(1e-12));
        for (int i = 0; i < 50; i++) {
            int[] widths = SimulatedDevice.randomWidths(SPACE, random);
            assertThat(calibration.table().predictMs(widths)).isCloseTo(1.3 * table.predictMs(widths),
                    within(1e-9));
        }
        assertThat(calibration.table().offsetMs()).isCloseTo(1.3 * table.offsetMs(), within(1e-12));
        assertThat(calibration.shiftMs()).isCloseTo(0, within(1e-9));
    }

    @Test
    void networksFarApartAlsoIdentifyAShiftAndCloseOnesOnlyTheFactor() {
        LatencyTable table = DEVICE.planted();
        int[] narrow = SPACE.smallest();
        int[] wide = SPACE.largest();
        List<Measurement> apart = List.of(new Measurement(narrow, 1.2 * table.predictMs(narrow) + 0.05),
                new Measurement(wide, 1.2 * table.predictMs(wide) + 0.05));
        LatencyCalibration affine = LatencyCalibration.fit(table, apart);
        assertThat(affine.scale()).isCloseTo(1.2, within(1e-9));
        assertThat(affine.shiftMs()).isCloseTo(0.05, within(1e-9));
        int[] other = SimulatedDevice.randomWidths(SPACE, new Random(9));
        assertThat(affine.table().predictMs(other)).isCloseTo(1.2 * table.predictMs(other) + 0.05, within(1e-9));
        assertThat(affine.apply(table.predictMs(other))).isCloseTo(affine.table().predictMs(other), within(1e-9));

        int[] close = wide.clone();
        close[0] = SPACE.layer(0).widthChoices().get(SPACE.layer(0).widthChoices().size() - 2);
        LatencyCalibration factor = LatencyCalibration.fit(table, List.of(
                new Measurement(wide, 1.2 * table.predictMs(wide) + 0.05),
                new Measurement(close, 1.2 * table.predictMs(close) + 0.05)));
        assertThat(100 * (table.predictMs(wide) - table.predictMs(close)) / table.predictMs(close))
                .isLessThan(LatencyCalibration.AFFINE_SPREAD_PERCENT);
        assertThat(factor.shiftMs()).isZero();
        assertThat(factor.scale()).isGreaterThan(1.2);
    }

    @Test
    void withNoiseTheFactorMinimisesRelativeErrors() {
        LatencyTable table = DEVICE.planted();
        Random random = new Random(5);
        List<Measurement> measured = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int[] widths = SimulatedDevice.randomWidths(SPACE, random);
            measured.add(new Measurement(widths, 0.8 * table.predictMs(widths) * (1 + 0.05 * random.nextGaussian())));
        }
        LatencyCalibration fit = LatencyCalibration.fit(table, measured);
        double ratio = 0;
        for (Measurement m : measured) {
            ratio += m.latencyMs() / fit.table().predictMs(m.widths()) / measured.size();
        }
        assertThat(ratio).as("measured over recalibrated, on average").isCloseTo(1.0, within(0.01));
        // No nearby (factor, shift) does better on the objective it minimises, nor the planted factor alone.
        double best = relativeSquares(table, measured, fit.scale(), fit.shiftMs());
        double[][] others = {{fit.scale() * 0.99, fit.shiftMs()}, {fit.scale() * 1.01, fit.shiftMs()},
            {fit.scale(), fit.shiftMs() + 0.005}, {fit.scale(), fit.shiftMs() - 0.005}, {0.8, 0}};
        for (double[] other : others) {
            assertThat(relativeSquares(table, measured, other[0], other[1])).isGreaterThanOrEqualTo(best);
        }
    }

    @Test
    void refusesWhatCannotBeScaled() {
        LatencyTable table = DEVICE.planted();
        int[] widths = SPACE.largest();
        assertThatThrownBy(() -> LatencyCalibration.fit(table, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyCalibration.fit(table, List.of(new Measurement(widths, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive measured");
        assertThatThrownBy(() -> table.scaled(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.scaled(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double relativeSquares(LatencyTable table, List<Measurement> measured, double scale,
                                          double shift) {
        double sum = 0;
        for (Measurement m : measured) {
            double r = (m.latencyMs() - scale * table.predictMs(m.widths()) - shift) / m.latencyMs();
            sum += r * r;
        }
        return sum;
    }
}
