package dev.slimfit.core.latency;

import java.util.List;

/**
 * Settings of {@link LatencyFitter}. Penalty and ridge weights are relative to the mean observation count per
 * unknown (the mean diagonal of M^T M), so one grid means the same for 1,000 or 10,000 samples.
 *
 * @param validationShare share of measurements held out to choose K and report quality, when no explicit
 *                        validation set is given (0 < share < 1)
 * @param seed            seed of the train / validation split
 * @param penaltyGrid     candidate relative monotonicity weights K (>= 0); the one with the lowest validation
 *                        RMSE wins
 * @param ridge           relative weight of a small ridge term {@code lambda * ||x||^2} that makes the problem
 *                        strictly convex (whole-network data leave per-layer shifts undetermined) and gives
 *                        never-measured unknowns a defined value
 * @param maxIterations   iteration cap of the solver per K
 * @param tolerance       relative convergence tolerance of the solver
 * @param outlierThreshold a measurement whose residual lies more than this many robust standard deviations
 *                         (1.4826 * MAD of the residuals) from their median is an outlier: left out of the refit
 *                         (training) or of the reported figures (validation, counted separately); 0 turns
 *                         screening off
 * @param maxOutlierShare  at most this share of the training or of the validation measurements is ever screened
 *                         (the worst ones first), so a fit cannot explain away most of its data
 * @param robustRounds     refits after screening the training measurements (each round screens on the previous
 *                         fit's residuals; it stops early when nothing changes)
 */
public record FitOptions(double validationShare, long seed, List<Double> penaltyGrid, double ridge,
                         int maxIterations, double tolerance, double outlierThreshold, double maxOutlierShare,
                         int robustRounds) {

    /** Robust screening at its defaults (threshold 4, at most 10%, 3 rounds). */
    public FitOptions(double validationShare, long seed, List<Double> penaltyGrid, double ridge, int maxIterations,
                      double tolerance) {
        this(validationShare, seed, penaltyGrid, ridge, maxIterations, tolerance, 4.0, 0.1, 3);
    }

    public FitOptions {
        penaltyGrid = List.copyOf(penaltyGrid);
        if (!(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("validationShare must be in (0, 1), got " + validationShare);
        }
        if (penaltyGrid.isEmpty() || penaltyGrid.stream().anyMatch(k -> !(k >= 0) || k.isInfinite())) {
            throw new IllegalArgumentException("penaltyGrid needs finite values >= 0, got " + penaltyGrid);
        }
        if (!(ridge > 0) || maxIterations <= 0 || !(tolerance > 0)) {
            throw new IllegalArgumentException("ridge, maxIterations and tolerance must be positive");
        }
        if (!(outlierThreshold >= 0) || Double.isInfinite(outlierThreshold) || !(maxOutlierShare >= 0)
                || maxOutlierShare >= 0.5 || robustRounds < 0) {
            throw new IllegalArgumentException("outlierThreshold must be finite and >= 0, maxOutlierShare in "
                    + "[0, 0.5) and robustRounds >= 0");
        }
    }

    public static FitOptions defaults() {
        return new FitOptions(0.2, 1L, List.of(0.0, 0.1, 1.0, 10.0), 1e-4, 3000, 1e-5);
    }

    public FitOptions withPenaltyGrid(List<Double> grid) {
        return new FitOptions(validationShare, seed, grid, ridge, maxIterations, tolerance, outlierThreshold,
                maxOutlierShare, robustRounds);
    }

    public FitOptions withTolerance(double newTolerance) {
        return new FitOptions(validationShare, seed, penaltyGrid, ridge, maxIterations, newTolerance,
                outlierThreshold, maxOutlierShare, robustRounds);
    }

    public FitOptions withSeed(long newSeed) {
        return new FitOptions(validationShare, newSeed, penaltyGrid, ridge, maxIterations, tolerance,
                outlierThreshold, maxOutlierShare, robustRounds);
    }

    /** Plain least squares on every measurement, as before robust screening existed. */
    public FitOptions withoutScreening() {
        return new FitOptions(validationShare, seed, penaltyGrid, ridge, maxIterations, tolerance, 0, 0, 0);
    }
}
