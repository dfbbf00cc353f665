package dev.slimfit.models.timing;

import java.util.Arrays;

/**
 * Summary of repeated timings in milliseconds. The median is the figure a latency table is fitted to (robust to the
 * occasional scheduler hiccup); p10/p90 and min/max show how noisy the device was.
 * Percentiles interpolate linearly between order statistics (R's type 7, NumPy's default).
 */
public record LatencyStats(double medianMs, double p10Ms, double p90Ms, double minMs, double maxMs, double meanMs,
                           int samples) {

    public static LatencyStats of(double[] samplesMs) {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("no timings to summarise");
        }
        double[] sorted = samplesMs.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        return new LatencyStats(percentile(sorted, 0.5), percentile(sorted, 0.1), percentile(sorted, 0.9), sorted[0],
                sorted[sorted.length - 1], mean, sorted.length);
    }

    /** p90 - p10: the spread of the middle 80%. */
    public double spreadMs() {
        return p90Ms - p10Ms;
    }

    /** Every figure divided by {@code divisor}, e.g. the batch size for per-image latency. */
    public LatencyStats dividedBy(int divisor) {
        return new LatencyStats(medianMs / divisor, p10Ms / divisor, p90Ms / divisor, minMs / divisor,
                maxMs / divisor, meanMs / divisor, samples);
    }

    private static double percentile(double[] sorted, double quantile) {
        double position = quantile * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
