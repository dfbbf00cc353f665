package dev.slimfit.core.latency;

import java.util.Arrays;

/**
 * One whole-network timing: a configuration (widths, one per layer) and its measured latency (e.g. the median
 * over timed runs, in milliseconds per image or per batch, as long as one table uses one convention).
 */
public record Measurement(int[] widths, double latencyMs) {

    public Measurement {
        widths = widths.clone();
        if (!Double.isFinite(latencyMs) || latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be finite and non-negative, got " + latencyMs);
        }
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Measurement that && Arrays.equals(widths, that.widths)
                && Double.compare(latencyMs, that.latencyMs) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(widths) + Double.hashCode(latencyMs);
    }

    @Override
    public String toString() {
        return "Measurement[widths=" + Arrays.toString(widths) + ", latencyMs=" + latencyMs + "]";
    }
}
