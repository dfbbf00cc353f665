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
 * @param trainingCount  number of training measurements
 */
public record FitResult(LatencyTable table, double penaltyK, List<PenaltyTrial> trials, FitQuality training,
                        FitQuality validation, int trainingCount) {

    public FitResult {
        trials = List.copyOf(trials);
    }
}
