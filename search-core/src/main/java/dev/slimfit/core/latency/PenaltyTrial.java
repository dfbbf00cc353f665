package dev.slimfit.core.latency;

/**
 * One candidate of the K grid.
 *
 * @param relativePenalty  the grid value (relative to the mean observation count per unknown)
 * @param penaltyK         the absolute weight used
 * @param validationRmseMs RMSE on the validation measurements
 * @param iterations       solver iterations
 * @param converged        false when the solver stopped at {@link FitOptions#maxIterations()} before its tolerance
 */
public record PenaltyTrial(double relativePenalty, double penaltyK, double validationRmseMs, int iterations,
                           boolean converged) {
}
