package dev.slimfit.core.latency;

import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.InvalidConfigurationException;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyFitterTest {

    private final SearchSpace fmnist = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void recoversPlantedTableFromNoisyMeasurements() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 42, 0.3, 0.02);
        Random random = new Random(1);
        List<Measurement> measurements = new ArrayList<>();
        for (int n = 0; n < 1500; n++) {
            measurements.add(device.measure(SimulatedDevice.randomWidths(fmnist, random)));
        }
        FitResult result = LatencyFitter.fit(fmnist, measurements, FitOptions.defaults());
        System.out.println("fmnist-small planted fit, validation: " + result.validation() + ", K=" + result.penaltyK());

        // Measurement noise is 2%: held-out error should sit at that floor.
        assertThat(result.validation().sampleCount()).isEqualTo(300);
        assertThat(result.validation().nrmsePercent()).isLessThan(2.6);
        assertThat(result.validation().within5PercentShare()).isGreaterThan(0.95);
        assertThat(result.validation().within10PercentShare()).isGreaterThan(0.995);
        assertThat(result.trials()).hasSize(FitOptions.defaults().penaltyGrid().size());

        // Against the noiseless planted latencies of fresh configurations the error is well below the noise.
        List<Measurement> truth = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            int[] widths = SimulatedDevice.randomWidths(fmnist, random);
            truth.add(new Measurement(widths, device.planted().predictMs(widths)));
        }
        FitQuality vsTruth = FitQuality.evaluate(result.table(), truth);
        assertThat(vsTruth.nrmsePercent()).isLessThan(1.0);
        assertThat(vsTruth.within5PercentShare()).isEqualTo(1.0);

        LatencyTable table = result.table();
        for (int id = 0; id < table.cells().unknownCount(); id++) {
            assertThat(table.latencyMs(id)).isGreaterThanOrEqualTo(0);
        }
        assertThat(table.unobservedCount()).isZero();
    }

    @Test
    void largePenaltyMakesTheTableMonotone() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 7, 0.0, 0.05);
        Random random = new Random(2);
        List<Measurement> training = new ArrayList<>();
        List<Measurement> validation = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            training.add(device.measure(SimulatedDevice.randomWidths(fmnist, random)));
            validation.add(device.measure(SimulatedDevice.randomWidths(fmnist, random)));
        }
        FitResult result = LatencyFitter.fit(fmnist, training, validation,
                FitOptions.defaults().withPenaltyGrid(List.of(1e4)).withTolerance(1e-8));
        LatencyTable table = result.table();
        double worst = 0;
        for (int[] pair : table.cells().monotonePairs()) {
            worst = Math.max(worst, table.latencyMs(pair[0]) - table.latencyMs(pair[1]));
        }
        assertThat(worst).isLessThan(1e-3 * result.validation().meanMs());
    }

    @Test
    void neverMeasuredUnknownsAreCountedAndStayFinite() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 3, 0.2, 0.01);
        Random random = new Random(4);
        List<Measurement> measurements = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            int[] widths = SimulatedDevice.randomWidths(fmnist, random);
            widths[4] = fmnist.layer(4).widthChoices().get(random.nextInt(3)); // never the three widest
            measurements.add(device.measure(widths));
        }
        FitResult result = LatencyFitter.fit(fmnist, measurements, FitOptions.defaults());
        LatencyTable table = result.table();
        assertThat(table.unobservedCount()).isGreaterThan(0);
        LatencyCells cells = table.cells();
        int wideClassifier = cells.classifierId(5);
        assertThat(table.observations(wideClassifier)).isZero();
        assertThat(table.latencyMs(wideClassifier)).isFinite();
    }

    @Test
    void predictionsAgreeWithTheDecoderCostTable() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 5, 0.3, 0.0);
        LatencyTable table = device.planted();
        Random random = new Random(6);
        for (int n = 0; n < 200; n++) {
            int[] widths = SimulatedDevice.randomWidths(fmnist, random);
            int[] choices = ConfigurationValidator.choiceIndices(fmnist, widths);
            double sum = table.offsetMs();
            for (int id : table.cells().idsOf(choices)) {
                sum += table.latencyMs(id);
            }
            assertThat(table.predictMs(widths)).isEqualTo(table.toCostTable().cost(choices)).isCloseTo(sum, within(1e-12));
        }
    }

    @Test
    void rejectsMeasurementsOutsideTheSpace() {
        List<Measurement> bad = List.of(new Measurement(new int[] {1, 2, 3, 4, 5}, 1.0), new Measurement(fmnist.smallest(), 1.0));
        assertThatThrownBy(() -> LatencyFitter.fit(fmnist, bad.subList(0, 1), bad.subList(1, 2), FitOptions.defaults()))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void qualityFiguresFollowTheirDefinitions() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 8, 0.0, 0.0);
        LatencyTable table = device.planted();
        int[] a = fmnist.smallest();
        int[] b = fmnist.largest();
        double ya = table.predictMs(a) * 1.04;  // within 5%
        double yb = table.predictMs(b) / 0.92;  // prediction 8% low: within 10% only
        FitQuality quality = FitQuality.evaluate(table, List.of(new Measurement(a, ya), new Measurement(b, yb)));
        double ea = table.predictMs(a) - ya;
        double eb = table.predictMs(b) - yb;
        double rmse = Math.sqrt((ea * ea + eb * eb) / 2);
        assertThat(quality.rmseMs()).isCloseTo(rmse, within(1e-12));
        assertThat(quality.nrmsePercent()).isCloseTo(100 * rmse / ((ya + yb) / 2), within(1e-9));
        assertThat(quality.within5PercentShare()).isEqualTo(0.5);
        assertThat(quality.within10PercentShare()).isEqualTo(1.0);
    }
}
