package dev.slimfit.core.latency;

/** One candidate of the K grid: its absolute weight, validation RMSE and solver iterations. */
public record PenaltyTrial(double relativePenalty, double penaltyK, double validationRmseMs, int iterations) {
}
