package dev.slimfit.core.latency;

import java.util.Arrays;
import java.util.List;

/**
 * Detects a stale table (docs/methods/latency-model.md: drivers, firmware or thermal settings change under a fitted
 * table): re-measure a few fixed configurations and compare with the table's predictions. The median relative
 * error decides, so one noisy re-measurement does not flag a table.
 */
public final class DriftCheck {

    private DriftCheck() {
    }

    /**
     * @param medianRelativeError median of |predicted - measured| / measured
     * @param maxRelativeError    the largest of them
     * @param stale               whether the median exceeds the tolerance
     */
    public record Report(int sampleCount, double medianRelativeError, double maxRelativeError, boolean stale) {
    }

    /**
     * @param tolerance e.g. 0.05: flag when predictions are off by more than 5% on the median configuration
     */
    public static Report assess(LatencyTable table, List<Measurement> remeasured, double tolerance) {
        if (remeasured.isEmpty()) {
            throw new IllegalArgumentException("drift check needs at least one re-measurement");
        }
        double[] errors = new double[remeasured.size()];
        for (int n = 0; n < errors.length; n++) {
            Measurement measurement = remeasured.get(n);
            errors[n] = Math.abs(table.predictMs(measurement.widths()) - measurement.latencyMs())
                    / Math.max(measurement.latencyMs(), Double.MIN_NORMAL);
        }
        Arrays.sort(errors);
        int middle = errors.length / 2;
        double median = errors.length % 2 == 1 ? errors[middle] : 0.5 * (errors[middle - 1] + errors[middle]);
        return new Report(errors.length, median, errors[errors.length - 1], median > tolerance);
    }
}
