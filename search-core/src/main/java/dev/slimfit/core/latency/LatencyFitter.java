package dev.slimfit.core.latency;

import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fits a {@link LatencyTable} to whole-network measurements (AOWS, docs/methods/latency-model.md): non-negative least
 * squares on the count design matrix with a constant offset t0, a soft monotonicity penalty
 * {@code K * sum max(0, x_narrow - x_wide)^2} over {@link LatencyCells#monotonePairs()}, and K chosen from a small
 * grid by RMSE on held-out measurements.
 */
public final class LatencyFitter {

    /**
     * ADMM step size relative to the mean observation count per unknown; 0.02 converged in the fewest iterations
     * on MobileNet-V1 with 8,000 samples (0.01 and 0.05 took 50-70% more).
     */
    private static final double ADMM_STEP = 0.02;

    private LatencyFitter() {
    }

    /** Splits {@code measurements} into training and validation ({@link FitOptions#validationShare()}), then fits. */
    public static FitResult fit(SearchSpace space, List<Measurement> measurements, FitOptions options) {
        List<Measurement> shuffled = new ArrayList<>(measurements);
        Collections.shuffle(shuffled, new Random(options.seed()));
        int validationCount = (int) Math.round(shuffled.size() * options.validationShare());
        if (validationCount == 0 || validationCount == shuffled.size()) {
            throw new IllegalArgumentException("need enough measurements for both a training and a validation split, got "
                    + measurements.size());
        }
        return fit(space, shuffled.subList(validationCount, shuffled.size()), shuffled.subList(0, validationCount), options);
    }

    /**
     * Fits on {@code training}, choosing K by RMSE on {@code validation} (AOWS keeps uniform samples for this).
     *
     * @throws dev.slimfit.core.space.InvalidConfigurationException if a measurement's widths do not fit the space
     */
    public static FitResult fit(SearchSpace space, List<Measurement> training, List<Measurement> validation,
                                FitOptions options) {
        if (training.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training and validation measurements must not be empty");
        }
        LatencyCells cells = LatencyCells.of(space);
        List<int[]> ids = new ArrayList<>(training.size());
        double[] latencyMs = new double[training.size()];
        for (int s = 0; s < training.size(); s++) {
            Measurement measurement = training.get(s);
            ids.add(cells.idsOf(ConfigurationValidator.choiceIndices(space, measurement.widths())));
            latencyMs[s] = measurement.latencyMs();
        }
        for (Measurement measurement : validation) {
            ConfigurationValidator.validate(space, measurement.widths());
        }
        NormalEquations equations = new NormalEquations(cells, ids, latencyMs);
        double scale = equations.meanDiagonal;
        MonotoneLeastSquares solver = new MonotoneLeastSquares(equations, cells.monotonePairsUnsafe(),
                options.ridge() * scale, ADMM_STEP * scale);

        List<PenaltyTrial> trials = new ArrayList<>();
        LatencyTable best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        double bestK = 0;
        for (double relative : options.penaltyGrid().stream().sorted().toList()) {
            double penaltyK = relative * scale;
            MonotoneLeastSquares.Solution solution = solver.solve(penaltyK, options.maxIterations(), options.tolerance());
            LatencyTable table = toTable(cells, solution, equations);
            double rmse = FitQuality.evaluate(table, validation).rmseMs();
            trials.add(new PenaltyTrial(relative, penaltyK, rmse, solution.iterations(), solution.converged()));
            if (rmse < bestRmse) {
                bestRmse = rmse;
                best = table;
                bestK = penaltyK;
            }
        }
        return new FitResult(best, bestK, trials, FitQuality.evaluate(best, training),
                FitQuality.evaluate(best, validation), training.size());
    }

    private static LatencyTable toTable(LatencyCells cells, MonotoneLeastSquares.Solution solution,
                                        NormalEquations equations) {
        double[] latencyMs = new double[cells.unknownCount()];
        for (int j = 0; j < latencyMs.length; j++) {
            latencyMs[j] = solution.x()[j] * equations.scaleMs;
        }
        return LatencyTable.of(cells, latencyMs, equations.observations, solution.offset() * equations.scaleMs);
    }
}
