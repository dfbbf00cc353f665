package dev.slimfit.core.latency;

import java.util.Arrays;
import java.util.List;

/**
 * A device's table recalibrated on networks measured on it since the table was fitted: every prediction {@code p}
 * becomes {@code scale * p + shiftMs}, fitted to those measurements in relative terms (each squared error divided by
 * the measured latency squared). With one measured network, or several the table predicts within
 * {@value #AFFINE_SPREAD_PERCENT}% of each other, only the factor is fitted ({@code shiftMs} = 0):
 * {@code s = sum(p_i / m_i) / sum((p_i / m_i)^2)}; networks that far apart also identify the shift.
 *
 * <p>The measured networks of one job lie near its budget, where the decode has to be right, so the recalibrated
 * table is exact there on average and keeps the table's relative costs between layers (which its hundreds of
 * profiling samples determine far better than a handful of checks). The result is still pairwise additive, so the
 * exact decoder runs on it unchanged.
 *
 * @param scale   the factor (1.3: the device runs 30% slower than its table near these networks)
 * @param shiftMs the added constant (0 for a factor-only fit)
 * @param table   the recalibrated table
 */
public record LatencyCalibration(double scale, double shiftMs, LatencyTable table) {

    /** How far apart (relative spread of the table's predictions) measured networks must be to fit a shift too. */
    public static final double AFFINE_SPREAD_PERCENT = 10;

    /**
     * @param measured networks timed on the device (at least one, every latency positive)
     * @throws IllegalArgumentException without measurements, for a latency that is not positive, or where the
     *                                  table predicts no positive latency for one of them (nothing to scale)
     */
    public static LatencyCalibration fit(LatencyTable table, List<Measurement> measured) {
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("a calibration needs at least one measured network");
        }
        int n = measured.size();
        double[] p = new double[n];
        double[] m = new double[n];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Measurement measurement = measured.get(i);
            m[i] = measurement.latencyMs();
            if (!(m[i] > 0)) {
                throw new IllegalArgumentException("a calibration needs positive measured latencies, got " + m[i]
                        + " ms for " + Arrays.toString(measurement.widths()));
            }
            p[i] = table.predictMs(measurement.widths());
            if (!(p[i] > 0)) {
                throw new IllegalArgumentException("the table predicts " + p[i] + " ms for "
                        + Arrays.toString(measurement.widths()) + "; a calibration needs positive predictions");
            }
            low = Math.min(low, p[i]);
            high = Math.max(high, p[i]);
        }
        if (n >= 2 && 100 * (high - low) / low >= AFFINE_SPREAD_PERCENT) {
            // Weighted least squares of m = s p + t with weights 1 / m^2: the 2x2 normal equations.
            double spp = 0;
            double sp = 0;
            double s1 = 0;
            double smp = 0;
            double sm = 0;
            for (int i = 0; i < n; i++) {
                double w = 1 / (m[i] * m[i]);
                spp += w * p[i] * p[i];
                sp += w * p[i];
                s1 += w;
                smp += w * m[i] * p[i];
                sm += w * m[i];
            }
            double det = spp * s1 - sp * sp;
            double scale = (smp * s1 - sp * sm) / det;
            double shift = (spp * sm - sp * smp) / det;
            // Never a negative prediction: the cheapest network of the space must stay above zero.
            if (det > 0 && scale > 0 && Double.isFinite(shift)
                    && scale * table.toCostTable().minimumCost() + shift > 0) {
                return new LatencyCalibration(scale, shift, table.affine(scale, shift));
            }
        }
        double linear = 0;
        double quadratic = 0;
        for (int i = 0; i < n; i++) {
            double ratio = p[i] / m[i];
            linear += ratio;
            quadratic += ratio * ratio;
        }
        double scale = linear / quadratic;
        return new LatencyCalibration(scale, 0, table.scaled(scale));
    }

    /** What the recalibrated table predicts for a network the original table predicts at {@code predictedMs}. */
    public double apply(double predictedMs) {
        return scale * predictedMs + shiftMs;
    }
}
