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
 * grid by RMSE on held-out measurements. Entries and the offset are non-negative, so no prediction is negative,
 * and outliers are screened ({@link RobustScreening}).
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
     * Fits on {@code training}, choosing K by RMSE on {@code validation} (AOWS keeps uniform samples for this), and
     * screens outliers (docs/methods/latency-model.md, "Robust fit"): repeats of one configuration far from their
     * group's median, and timings far slower than all the others, are dropped first; then the table is refitted up to {@link FitOptions#robustRounds()} times
     * without the training measurements whose relative residual under the previous fit lies beyond
     * {@link FitOptions#outlierThreshold()} robust standard deviations. K is chosen, and the held-out figures
     * reported, on the validation measurements that are not outliers under the same rule; the figures on all of
     * them come along in {@link FitResult#validationAll()}.
     *
     * @throws dev.slimfit.core.space.InvalidConfigurationException if a measurement's widths do not fit the space
     */
    public static FitResult fit(SearchSpace space, List<Measurement> training, List<Measurement> validation,
                                FitOptions options) {
        if (training.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("training and validation measurements must not be empty");
        }
        LatencyCells cells = LatencyCells.of(space);
        List<int[]> allIds = new ArrayList<>(training.size());
        for (Measurement measurement : training) {
            allIds.add(cells.idsOf(ConfigurationValidator.choiceIndices(space, measurement.widths())));
        }
        for (Measurement measurement : validation) {
            ConfigurationValidator.validate(space, measurement.widths());
        }
        boolean[] repeatOutlier = RobustScreening.repeatOutliers(training, options);
        boolean[] slowOutlier = RobustScreening.slowOutliers(training, options);
        List<Integer> candidates = new ArrayList<>();
        for (int s = 0; s < training.size(); s++) {
            if (!repeatOutlier[s] && !slowOutlier[s]) {
                candidates.add(s);
            }
        }
        List<Integer> used = candidates;
        Attempt attempt = fitOn(cells, training, allIds, used, validation, options);
        for (int round = 0; round < options.robustRounds(); round++) {
            List<Measurement> pool = candidates.stream().map(training::get).toList();
            boolean[] outlier = RobustScreening.residualOutliers(attempt.table, pool, options);
            List<Integer> next = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                if (!outlier[c]) {
                    next.add(candidates.get(c));
                }
            }
            if (next.equals(used)) {
                break;
            }
            used = next;
            attempt = fitOn(cells, training, allIds, used, validation, options);
        }
        List<Measurement> usedTraining = used.stream().map(training::get).toList();
        List<Measurement> keptValidation = RobustScreening.kept(attempt.table, validation, options);
        return new FitResult(attempt.table, attempt.penaltyK, attempt.trials,
                FitQuality.evaluate(attempt.table, usedTraining), FitQuality.evaluate(attempt.table, keptValidation),
                usedTraining.size(), training.size() - usedTraining.size(), validation.size() - keptValidation.size(),
                FitQuality.evaluate(attempt.table, validation));
    }

    private record Attempt(LatencyTable table, double penaltyK, List<PenaltyTrial> trials) {
    }

    /** One fit over the K grid on the training measurements at {@code used}. */
    private static Attempt fitOn(LatencyCells cells, List<Measurement> training, List<int[]> allIds,
                                 List<Integer> used, List<Measurement> validation, FitOptions options) {
        List<int[]> ids = new ArrayList<>(used.size());
        double[] latencyMs = new double[used.size()];
        for (int k = 0; k < used.size(); k++) {
            ids.add(allIds.get(used.get(k)));
            latencyMs[k] = training.get(used.get(k)).latencyMs();
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
            // Scored without the validation outliers under this very table, so one wild timing cannot pick K.
            double rmse = FitQuality.evaluate(table, RobustScreening.kept(table, validation, options)).rmseMs();
            trials.add(new PenaltyTrial(relative, penaltyK, rmse, solution.iterations(), solution.converged()));
            if (best == null || rmse < bestRmse) {
                bestRmse = rmse;
                best = table;
                bestK = penaltyK;
            }
        }
        return new Attempt(best, bestK, trials);
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
