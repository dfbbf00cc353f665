package dev.slimfit.worker.search.staged;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Chooses per-exit confidence thresholds for one network and an average-MAC budget on a scored validation set, so
 * that the thresholds meet the budget and answer as many images correctly as possible.
 * <p>
 * Two calibrations:
 * <ul>
 *   <li>{@link #msdNet}: MSDNet's practice. For {@code p} in a sweep, exit shares {@code q_k ∝ p^k}; each exit's
 *       threshold is the confidence at which that share of the images still present leaves. The feasible {@code p}
 *       with the best accuracy wins.</li>
 *   <li>{@link #direct}: a search over the thresholds themselves. Each exit's candidates are its distinct
 *       confidences (or {@value #GRID} of their quantiles when there are more) plus "never"; when the grid has at
 *       most {@value #EXHAUSTIVE_LIMIT} combinations every one is tried (exact on that grid), otherwise coordinate
 *       ascent from the MSDNet thresholds until no single threshold change helps. It starts from, and so never does
 *       worse than, the MSDNet result.</li>
 * </ul>
 * A budget is met when the validation average plus {@code z} standard errors is within it ({@code z = 0} compares
 * the mean alone), so that the average on other images of the same distribution stays within it with high
 * probability. Ties in accuracy go to the cheaper thresholds.
 */
public final class ThresholdCalibration {

    /** Quantile candidates per exit when an exit has more distinct confidences. */
    public static final int GRID = 48;
    /** Grid combinations up to which the direct search is exhaustive. */
    public static final int EXHAUSTIVE_LIMIT = 50_000;
    private static final int MAX_PASSES = 20;

    private ThresholdCalibration() {
    }

    /** The sweep of {@code p}: 1/20 .. 2 in steps of 1/20, then 3, 5, 10, 20 for budgets near the worst case. */
    static double[] sweep() {
        double[] ps = new double[44];
        for (int i = 0; i < 40; i++) {
            ps[i] = (i + 1) / 20.0;
        }
        ps[40] = 3;
        ps[41] = 5;
        ps[42] = 10;
        ps[43] = 20;
        return ps;
    }

    /** MSDNet's p-sweep; empty when no thresholds meet the budget (not even all images leaving at exit 0). */
    public static Optional<ExitPolicy.Outcome> msdNet(ExitScores scores, long[] cumulativeMacs, double budget,
                                                       double z) {
        ExitPolicy.Outcome best = null;
        for (double p : sweep()) {
            ExitPolicy.Outcome outcome = ExitPolicy.apply(scores, msdNetThresholds(scores, p), cumulativeMacs);
            if (outcome.guardedMacs(z) <= budget && better(outcome, best)) {
                best = outcome;
            }
        }
        ExitPolicy.Outcome allFirst = ExitPolicy.apply(scores, allAtFirst(scores.exits()), cumulativeMacs);
        if (allFirst.guardedMacs(z) <= budget && better(allFirst, best)) {
            best = allFirst;
        }
        return Optional.ofNullable(best);
    }

    /** Thresholds letting shares {@code q_k ∝ p^k} of the images leave at each exit, counted among those left. */
    static double[] msdNetThresholds(ExitScores scores, double p) {
        int exits = scores.exits();
        int n = scores.images();
        double[] q = new double[exits];
        double total = 0;
        for (int k = 0; k < exits; k++) {
            q[k] = Math.pow(p, k);
            total += q[k];
        }
        double[] thresholds = new double[exits];
        boolean[] gone = new boolean[n];
        int left = n;
        double cumulative = 0;
        int exited = 0;
        for (int k = 0; k < exits - 1; k++) {
            cumulative += q[k] / total;
            int take = Math.min(left, (int) Math.round(n * cumulative) - exited);
            if (take <= 0 || left == 0) {
                thresholds[k] = ExitPolicy.NEVER;
                continue;
            }
            float[] present = new float[left];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!gone[i]) {
                    present[m++] = scores.confidence()[k][i];
                }
            }
            Arrays.sort(present);
            double threshold = present[left - take];
            thresholds[k] = threshold;
            for (int i = 0; i < n; i++) {
                if (!gone[i] && scores.confidence()[k][i] >= threshold) {
                    gone[i] = true;
                    left--;
                    exited++;
                }
            }
        }
        return thresholds;
    }

    /**
     * The direct search; empty when no thresholds meet the budget.
     */
    public static Optional<ExitPolicy.Outcome> direct(ExitScores scores, long[] cumulativeMacs, double budget,
                                                       double z) {
        Optional<ExitPolicy.Outcome> start = msdNet(scores, cumulativeMacs, budget, z);
        if (start.isEmpty()) {
            return start;
        }
        int exits = scores.exits();
        double[][] candidates = new double[exits - 1][];
        long combinations = 1;
        for (int k = 0; k < exits - 1; k++) {
            candidates[k] = candidates(scores.confidence()[k]);
            combinations = Math.min(Long.MAX_VALUE / GRID, combinations * candidates[k].length);
        }
        ExitPolicy.Outcome best = start.get();
        if (combinations <= EXHAUSTIVE_LIMIT) {
            int[] index = new int[exits - 1];
            double[] thresholds = new double[exits];
            while (true) {
                for (int k = 0; k < exits - 1; k++) {
                    thresholds[k] = candidates[k][index[k]];
                }
                ExitPolicy.Outcome outcome = ExitPolicy.apply(scores, thresholds, cumulativeMacs);
                if (outcome.guardedMacs(z) <= budget && better(outcome, best)) {
                    best = outcome;
                }
                int k = 0;
                while (k < exits - 1 && ++index[k] == candidates[k].length) {
                    index[k] = 0;
                    k++;
                }
                if (k == exits - 1) {
                    break;
                }
            }
            return Optional.of(best);
        }
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean improved = false;
            for (int k = 0; k < exits - 1; k++) {
                for (double value : candidates[k]) {
                    double[] thresholds = best.thresholds().clone();
                    thresholds[k] = value;
                    ExitPolicy.Outcome outcome = ExitPolicy.apply(scores, thresholds, cumulativeMacs);
                    if (outcome.guardedMacs(z) <= budget && better(outcome, best)) {
                        best = outcome;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return Optional.of(best);
    }

    /** The better of the two calibrations (the direct search, which starts from MSDNet's). */
    public static Optional<ExitPolicy.Outcome> best(ExitScores scores, long[] cumulativeMacs, double budget,
                                                     double z) {
        return direct(scores, cumulativeMacs, budget, z);
    }

    /** An exit's distinct confidences, or {@value #GRID} quantiles of them, ascending, then "never". */
    static double[] candidates(float[] confidence) {
        float[] sorted = confidence.clone();
        Arrays.sort(sorted);
        List<Double> distinct = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct.add((double) sorted[i]);
            }
        }
        List<Double> chosen;
        if (distinct.size() <= GRID) {
            chosen = distinct;
        } else {
            chosen = new ArrayList<>();
            for (int g = 0; g < GRID; g++) {
                double value = sorted[(int) Math.floor((double) g * (sorted.length - 1) / (GRID - 1))];
                if (chosen.isEmpty() || chosen.get(chosen.size() - 1) != value) {
                    chosen.add(value);
                }
            }
        }
        double[] values = new double[chosen.size() + 1];
        for (int i = 0; i < chosen.size(); i++) {
            values[i] = chosen.get(i);
        }
        values[chosen.size()] = ExitPolicy.NEVER;
        return values;
    }

    private static double[] allAtFirst(int exits) {
        double[] thresholds = new double[exits];
        Arrays.fill(thresholds, ExitPolicy.NEVER);
        thresholds[0] = 0;
        return thresholds;
    }

    /** More images right, or as many for fewer MACs. */
    static boolean better(ExitPolicy.Outcome candidate, ExitPolicy.Outcome incumbent) {
        if (incumbent == null) {
            return true;
        }
        if (candidate.correct() != incumbent.correct()) {
            return candidate.correct() > incumbent.correct();
        }
        return candidate.averageMacs() < incumbent.averageMacs();
    }
}
