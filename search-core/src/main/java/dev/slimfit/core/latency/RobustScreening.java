package dev.slimfit.core.latency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Outlier rules of {@link LatencyFitter}. Timing noise is roughly multiplicative, so every rule works on relative
 * deviations; the robust scale is 1.4826 times the median absolute deviation (the standard deviation for Gaussian
 * data, unmoved by a few wild values).
 */
final class RobustScreening {

    /** Below this relative scale, residuals are treated as rounding: a near-perfect fit rejects nothing. */
    private static final double RESIDUAL_SCALE_FLOOR = 0.002;
    /** Repeats of one configuration are not called outliers for deviating less than threshold * 5%. */
    private static final double REPEAT_SCALE_FLOOR = 0.05;
    private static final double MAD_TO_SIGMA = 1.4826;

    private RobustScreening() {
    }

    /**
     * Flags repeats of one configuration that disagree with the rest of their group. Three or more repeats: those
     * whose relative deviation from the group's median exceeds {@code threshold * max(robust scale, 5%)}. Two
     * repeats cannot say which one is wrong; when they differ by more than {@code threshold * 5%} the slower is
     * flagged, because interference from other work only ever makes a timing slower.
     */
    static boolean[] repeatOutliers(List<Measurement> measurements, FitOptions options) {
        boolean[] outlier = new boolean[measurements.size()];
        if (options.outlierThreshold() <= 0) {
            return outlier;
        }
        Map<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < measurements.size(); i++) {
            groups.computeIfAbsent(Arrays.toString(measurements.get(i).widths()), k -> new ArrayList<>()).add(i);
        }
        double threshold = options.outlierThreshold();
        for (List<Integer> group : groups.values()) {
            if (group.size() == 2) {
                double a = measurements.get(group.get(0)).latencyMs();
                double b = measurements.get(group.get(1)).latencyMs();
                if (Math.max(a, b) > Math.min(a, b) * (1 + threshold * REPEAT_SCALE_FLOOR)) {
                    outlier[a > b ? group.get(0) : group.get(1)] = true;
                }
            } else if (group.size() >= 3) {
                double[] y = group.stream().mapToDouble(i -> measurements.get(i).latencyMs()).toArray();
                double median = median(y.clone());
                double[] deviation = new double[y.length];
                for (int k = 0; k < y.length; k++) {
                    deviation[k] = (y[k] - median) / Math.max(median, Double.MIN_NORMAL);
                }
                double scale = Math.max(MAD_TO_SIGMA * medianAbsolute(deviation), REPEAT_SCALE_FLOOR);
                for (int k = 0; k < y.length; k++) {
                    if (Math.abs(deviation[k]) > threshold * scale) {
                        outlier[group.get(k)] = true;
                    }
                }
            }
        }
        return outlier;
    }

    /**
     * Flags timings far slower than the bulk of all timings, before any fit: {@code log y} more than
     * {@code threshold * max(robust scale of log y, 0.25)} above its median (with the defaults at least e^1, about
     * 2.7 times the median). A first least-squares fit can follow a single wild timing closely when its
     * configuration runs through rarely measured unknowns, so its residual would look small; this screen catches
     * those before they pull the fit. Only the slow side: interference makes timings slower, never faster. At most
     * {@code maxOutlierShare}, the worst first.
     */
    static boolean[] slowOutliers(List<Measurement> measurements, FitOptions options) {
        int n = measurements.size();
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(Math.max(measurements.get(i).latencyMs(), Double.MIN_NORMAL));
        }
        double center = median(logs.clone());
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = Math.abs(logs[i] - center);
        }
        double scale = Math.max(MAD_TO_SIGMA * median(distance.clone()), 0.25);
        double[] above = new double[n];
        for (int i = 0; i < n; i++) {
            above[i] = logs[i] - center;
        }
        return worstBeyond(above, options.outlierThreshold() * scale, options);
    }

    private static boolean[] worstBeyond(double[] distance, double limit, FitOptions options) {
        int n = distance.length;
        boolean[] outlier = new boolean[n];
        int cap = (int) Math.floor(options.maxOutlierShare() * n);
        if (options.outlierThreshold() <= 0 || cap == 0) {
            return outlier;
        }
        List<Integer> beyond = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (distance[i] > limit) {
                beyond.add(i);
            }
        }
        beyond.sort((a, b) -> Double.compare(distance[b], distance[a]));
        for (int k = 0; k < Math.min(cap, beyond.size()); k++) {
            outlier[beyond.get(k)] = true;
        }
        return outlier;
    }

    /**
     * Flags measurements whose relative residual {@code (y - predicted) / predicted} lies more than
     * {@code threshold} robust scales from the median residual; at most {@code maxOutlierShare} of them, the worst
     * first.
     */
    static boolean[] residualOutliers(LatencyTable table, List<Measurement> measurements, FitOptions options) {
        int n = measurements.size();
        boolean[] outlier = new boolean[n];
        int cap = (int) Math.floor(options.maxOutlierShare() * n);
        if (options.outlierThreshold() <= 0 || cap == 0) {
            return outlier;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = measurements.get(i).latencyMs();
        }
        double floorMs = 0.01 * median(y.clone()) + 1e-12;
        double[] relative = new double[n];
        for (int i = 0; i < n; i++) {
            double predicted = table.predictMs(measurements.get(i).widths());
            relative[i] = (y[i] - predicted) / Math.max(predicted, floorMs);
        }
        double center = median(relative.clone());
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = Math.abs(relative[i] - center);
        }
        double scale = Math.max(MAD_TO_SIGMA * median(distance.clone()), RESIDUAL_SCALE_FLOOR);
        return worstBeyond(distance, options.outlierThreshold() * scale, options);
    }

    /** The measurements that {@link #residualOutliers} keeps. */
    static List<Measurement> kept(LatencyTable table, List<Measurement> measurements, FitOptions options) {
        boolean[] outlier = residualOutliers(table, measurements, options);
        List<Measurement> kept = new ArrayList<>(measurements.size());
        for (int i = 0; i < measurements.size(); i++) {
            if (!outlier[i]) {
                kept.add(measurements.get(i));
            }
        }
        return kept;
    }

    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }

    private static double medianAbsolute(double[] values) {
        double[] absolute = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            absolute[i] = Math.abs(values[i]);
        }
        return median(absolute);
    }
}
