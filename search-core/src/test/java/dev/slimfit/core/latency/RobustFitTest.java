package dev.slimfit.core.latency;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A few wild timings must not wreck a fit, and no fit predicts a negative latency. */
class RobustFitTest {

    private final SearchSpace fmnist = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    private List<Measurement> measure(SimulatedDevice device, Random random, int count) {
        List<Measurement> measurements = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            measurements.add(device.measure(SimulatedDevice.randomWidths(fmnist, random)));
        }
        return measurements;
    }

    /** Replaces every {@code every}-th measurement by a timing {@code factor} times slower. */
    private static List<Measurement> contaminate(List<Measurement> clean, int every, double factor) {
        List<Measurement> dirty = new ArrayList<>(clean);
        for (int i = 0; i < dirty.size(); i += every) {
            dirty.set(i, new Measurement(dirty.get(i).widths(), dirty.get(i).latencyMs() * factor));
        }
        return dirty;
    }

    private List<Measurement> truth(SimulatedDevice device, Random random) {
        List<Measurement> truth = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            int[] widths = SimulatedDevice.randomWidths(fmnist, random);
            truth.add(new Measurement(widths, device.planted().predictMs(widths)));
        }
        return truth;
    }

    @Test
    void wildTimingsInTrainingAndValidationDoNotWreckTheFit() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 11, 0.3, 0.02);
        Random random = new Random(5);
        List<Measurement> training = measure(device, random, 600);
        List<Measurement> validation = measure(device, random, 150);
        List<Measurement> truth = truth(device, random);

        FitResult clean = LatencyFitter.fit(fmnist, training, validation, FitOptions.defaults());
        // 2% of the training timings and one held-out timing 300x too slow (a 259 ms hiccup among 0.8 ms runs).
        List<Measurement> dirtyTraining = contaminate(training, 50, 300);
        List<Measurement> dirtyValidation = contaminate(validation, 1000, 300);
        FitResult robust = LatencyFitter.fit(fmnist, dirtyTraining, dirtyValidation, FitOptions.defaults());
        FitResult plain = LatencyFitter.fit(fmnist, dirtyTraining, dirtyValidation,
                FitOptions.defaults().withoutScreening());

        double cleanError = FitQuality.evaluate(clean.table(), truth).nrmsePercent();
        double robustError = FitQuality.evaluate(robust.table(), truth).nrmsePercent();
        double plainError = FitQuality.evaluate(plain.table(), truth).nrmsePercent();
        System.out.printf("vs truth: clean %.2f%%, robust %.2f%%, unscreened %.2f%%; held out robust %s%n",
                cleanError, robustError, plainError, robust.validation());

        assertThat(plainError).as("without screening the outliers do wreck it").isGreaterThan(20);
        assertThat(robustError).isLessThan(cleanError * 1.25 + 0.2);
        assertThat(robust.trainingOutliers()).isBetween(12, 20);
        assertThat(robust.trainingCount()).isEqualTo(600 - robust.trainingOutliers());
        assertThat(robust.validationOutliers()).isBetween(1, 3);
        assertThat(robust.validation().nrmsePercent()).isLessThan(clean.validation().nrmsePercent() * 1.25 + 0.2);
        assertThat(robust.validationAll().nrmsePercent()).as("the raw figures still show the hiccup")
                .isGreaterThan(100);
    }

    @Test
    void cleanDataLosesAlmostNothingToScreening() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 12, 0.3, 0.02);
        Random random = new Random(6);
        FitResult result = LatencyFitter.fit(fmnist, measure(device, random, 600), measure(device, random, 150),
                FitOptions.defaults());
        assertThat(result.trainingOutliers()).isLessThanOrEqualTo(3);
        assertThat(result.validationOutliers()).isLessThanOrEqualTo(1);
    }

    @Test
    void repeatsThatSpreadWidelyLoseTheirSlowOutlier() {
        SimulatedDevice device = new SimulatedDevice(fmnist, 13, 0.3, 0.01);
        Random random = new Random(7);
        List<Measurement> training = measure(device, random, 400);
        int[] widths = training.get(0).widths();
        double planted = device.planted().predictMs(widths);
        training.add(new Measurement(widths, planted * 1.01));
        training.add(new Measurement(widths, planted * 0.99));
        training.add(new Measurement(widths, planted * 2.5));
        int[] pair = training.get(1).widths();
        training.add(new Measurement(pair, device.planted().predictMs(pair) * 1.8));

        boolean[] outlier = RobustScreening.repeatOutliers(training, FitOptions.defaults());
        assertThat(outlier[training.size() - 2]).as("the 2.5x repeat of a group of four").isTrue();
        assertThat(outlier[training.size() - 1]).as("the slower of a pair 1.8x apart").isTrue();
        assertThat(outlier[0]).isFalse();
        assertThat(outlier[training.size() - 3]).isFalse();
        assertThat(outlier[1]).isFalse();
        int flagged = 0;
        for (boolean b : outlier) {
            flagged += b ? 1 : 0;
        }
        assertThat(flagged).isEqualTo(2);
    }

    @Test
    void predictionsAreNeverNegativeEvenOnAFlatNoisyDevice() {
        // The busy-machine case: latency does not depend on width at all (0.7-0.85 ms), noise of 8%,
        // and a hiccup. A free offset fitted to this goes negative and predicts negative latencies.
        Random random = new Random(8);
        List<Measurement> training = new ArrayList<>();
        List<Measurement> validation = new ArrayList<>();
        for (int n = 0; n < 250; n++) {
            List<Measurement> target = n < 200 ? training : validation;
            target.add(new Measurement(SimulatedDevice.randomWidths(fmnist, random),
                    0.75 * (1 + 0.08 * Math.abs(random.nextGaussian()))));
        }
        training.set(3, new Measurement(training.get(3).widths(), 259.0));
        for (FitOptions options : List.of(FitOptions.defaults(), FitOptions.defaults().withoutScreening())) {
            FitResult result = LatencyFitter.fit(fmnist, training, validation, options);
            assertThat(result.table().offsetMs()).isGreaterThanOrEqualTo(0);
            assertThat(minimumPrediction(result.table())).isGreaterThanOrEqualTo(0);
        }
        FitResult robust = LatencyFitter.fit(fmnist, training, validation, FitOptions.defaults());
        assertThat(robust.validation().nrmsePercent()).isLessThan(15);
        assertThat(minimumPrediction(robust.table())).isGreaterThan(0.5);
    }

    /** The fastest prediction over the whole space, by brute force. */
    private double minimumPrediction(LatencyTable table) {
        int layers = fmnist.layerCount();
        int[] index = new int[layers];
        double minimum = Double.POSITIVE_INFINITY;
        while (true) {
            minimum = Math.min(minimum, table.predictChoicesMs(index));
            int i = 0;
            while (i < layers && ++index[i] == fmnist.layer(i).widthChoices().size()) {
                index[i] = 0;
                i++;
            }
            if (i == layers) {
                return minimum;
            }
        }
    }
}
