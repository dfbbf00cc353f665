package dev.slimfit.core.latency;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How well a table predicts a set of measurements (docs/methods/latency-model.md).
 *
 * @param sampleCount          number of measurements scored
 * @param meanMs               mean measured latency
 * @param rmseMs               root mean squared prediction error
 * @param nrmsePercent         {@code 100 * rmseMs / meanMs}
 * @param within5PercentShare  share (0..1) of configurations predicted within ±5% of their measurement
 * @param within10PercentShare share (0..1) within ±10%
 */
public record FitQuality(int sampleCount, double meanMs, double rmseMs, double nrmsePercent,
                         double within5PercentShare, double within10PercentShare) {

    /** Scores {@code table} on {@code measurements}; NaN figures when there are none. */
    public static FitQuality evaluate(LatencyTable table, List<Measurement> measurements) {
        return evaluate(table::predictMs, measurements);
    }

    /** Scores any latency predictor (e.g. a table with its residual model) on {@code measurements}. */
    public static FitQuality evaluate(ToDoubleFunction<int[]> predictMs, List<Measurement> measurements) {
        int n = measurements.size();
        if (n == 0) {
            return new FitQuality(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sumY = 0;
        double sumSquaredError = 0;
        int within5 = 0;
        int within10 = 0;
        for (Measurement measurement : measurements) {
            double y = measurement.latencyMs();
            double error = predictMs.applyAsDouble(measurement.widths()) - y;
            sumY += y;
            sumSquaredError += error * error;
            double relative = Math.abs(error) / y;
            if (relative <= 0.05) {
                within5++;
            }
            if (relative <= 0.10) {
                within10++;
            }
        }
        double mean = sumY / n;
        double rmse = Math.sqrt(sumSquaredError / n);
        return new FitQuality(n, mean, rmse, 100 * rmse / mean, (double) within5 / n, (double) within10 / n);
    }

    @Override
    public String toString() {
        return String.format("n=%d mean=%.4f ms RMSE=%.4f ms NRMSE=%.2f%% within5%%=%.1f%% within10%%=%.1f%%",
                sampleCount, meanMs, rmseMs, nrmsePercent, 100 * within5PercentShare, 100 * within10PercentShare);
    }
}
