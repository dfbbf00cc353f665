package dev.slimfit.core.latency;

import java.util.List;

/**
 * Outcome of a latency fit.
 *
 * @param table          the fitted table (trained on the training split with the chosen K)
 * @param penaltyK       the chosen absolute monotonicity weight
 * @param trials         every K tried, with its validation RMSE
 * @param training       quality on the training measurements
 * @param validation     quality on the held-out measurements (these also chose K among a few values, so they are
 *                       very slightly optimistic; keep a separate test set for an unbiased figure)
 * @param trainingCount  number of training measurements the final table was fitted on (outliers left out)
 * @param trainingOutliers   training measurements screened out (a repeat far from its configuration's other
 *                           timings, or a residual beyond {@link FitOptions#outlierThreshold()})
 * @param validationOutliers held-out measurements left out of {@code validation} for the same reason
 * @param validationAll  quality on every held-out measurement, outliers included
 */
public record FitResult(LatencyTable table, double penaltyK, List<PenaltyTrial> trials, FitQuality training,
                        FitQuality validation, int trainingCount, int trainingOutliers, int validationOutliers,
                        FitQuality validationAll) {

    public FitResult {
        trials = List.copyOf(trials);
    }
}
