package dev.slimfit.core.decode;

import java.util.Arrays;

/**
 * Budgeted decode by dynamic programming over (layer, choice, discretised cost used), our addition to AOWS
 * (docs/methods/latency-model.md, "Decoders"). Not exact on real-valued costs: jobs decode with the exact
 * {@link ParetoCurve}; this decoder remains as {@link WidthDecoder}'s fallback should a curve be too large, and as
 * the benchmark's comparison.
 *
 * <p>Discretisation is conservative: each layer's entries are first shifted by the layer's minimum (added back as a
 * constant, so rounding only applies to the part that varies), then rounded <em>up</em> to whole steps, and a
 * configuration is admitted only if its rounded total fits the budget. Rounded costs never undershoot true costs,
 * so every admitted configuration is truly feasible, and the result is optimal among configurations that cost at
 * most {@code budget - layers * step}. The returned cost is re-checked with the table's canonical sum.
 *
 * <p>Pruning: the Lagrangian decode gives a feasible incumbent and a multiplier g; a partial state whose score plus
 * the best Lagrangian completion {@code max (u - g * step * r) + g * step * (bins left)} is below the incumbent
 * cannot win and is dropped. The answer is the better of the DP optimum and the incumbent.
 */
public final class ExactBudgetDecoder implements BudgetDecoder {

    /** Upper bound on DP cells (layers x choices x bins) so a too-fine step fails fast instead of exhausting memory. */
    private static final long MAX_STATES = 50_000_000L;

    private final double stepCost;
    private final double budgetFraction;
    private final LagrangianDecoder lagrangian = new LagrangianDecoder();

    private ExactBudgetDecoder(double stepCost, double budgetFraction) {
        this.stepCost = stepCost;
        this.budgetFraction = budgetFraction;
    }

    /** A fixed step in cost units (e.g. 1 for integer MAC tables: then the decode is exact). */
    public static ExactBudgetDecoder withStep(double stepCost) {
        if (!(stepCost > 0) || Double.isInfinite(stepCost)) {
            throw new IllegalArgumentException("stepCost must be positive and finite, got " + stepCost);
        }
        return new ExactBudgetDecoder(stepCost, Double.NaN);
    }

    /** A step of {@code fraction * budget}, e.g. 0.005 for 0.5% of the budget (200 bins). */
    public static ExactBudgetDecoder atResolution(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        return new ExactBudgetDecoder(Double.NaN, fraction);
    }

    @Override
    public BudgetDecode decode(ChainProblem problem, double budget) {
        BudgetDecode incumbentDecode = lagrangian.decode(problem, budget);
        if (!(incumbentDecode instanceof BudgetDecode.Feasible incumbent)) {
            return incumbentDecode;
        }
        double step = Double.isNaN(stepCost) ? budgetFraction * Math.abs(budget) : stepCost;
        if (incumbent.multiplier() == 0) {
            // The unconstrained optimum already fits: nothing can score higher.
            return new BudgetDecode.Feasible(incumbent.decoded(), budget, 0, step);
        }
        if (!(step > 0)) {
            // A zero budget with a relative step: only an exactly free configuration fits, which Lagrangian found.
            return incumbent;
        }
        DiscretisedCosts discretised = DiscretisedCosts.of(problem.cost(), budget, step);
        if (discretised == null) {
            return new BudgetDecode.Feasible(incumbent.decoded(), budget, incumbent.multiplier(), step);
        }
        double multiplier = Double.isFinite(incumbent.multiplier()) ? incumbent.multiplier() : 0;
        int bins = discretised.bins;
        while (bins >= 0) {
            int[] choices = search(problem, discretised, bins, multiplier, incumbent.decoded().unaryScore());
            if (choices == null) {
                break;
            }
            Decoded decoded = problem.evaluate(choices);
            if (decoded.cost() <= budget) {
                Decoded best = decoded.unaryScore() >= incumbent.decoded().unaryScore() ? decoded : incumbent.decoded();
                return new BudgetDecode.Feasible(best, budget, multiplier, step);
            }
            // Only reachable through floating-point reassociation at the very edge of the budget: tighten and retry.
            bins--;
        }
        return new BudgetDecode.Feasible(incumbent.decoded(), budget, multiplier, step);
    }

    /** The DP; returns the best admitted configuration scoring at least {@code incumbentScore}, or null. */
    private static int[] search(ChainProblem problem, DiscretisedCosts d, int bins, double multiplier, double incumbentScore) {
        int layers = problem.layerCount();
        long states = (long) layers * d.maxChoices * (bins + 1);
        if (states > MAX_STATES) {
            throw new IllegalArgumentException("discretisation step too fine: " + states + " DP states (limit "
                    + MAX_STATES + "); use a coarser step");
        }
        double[][] completion = completionBounds(problem, d, multiplier);
        double perBin = multiplier * d.step;
        double pruneBelow = incumbentScore - 1e-9 * (Math.abs(incumbentScore) + 1);
        int width = bins + 1;
        double[] current = new double[problem.choiceCount(0) * width];
        Arrays.fill(current, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < problem.choiceCount(0); b++) {
            int used = d.rounded[0][0][b];
            if (problem.allowed(0, b) && used <= bins) {
                double score = problem.unary(0, b);
                if (score + completion[0][b] + perBin * (bins - used) >= pruneBelow) {
                    current[b * width + used] = score;
                }
            }
        }
        int[][] pointers = new int[layers][];
        for (int i = 1; i < layers; i++) {
            int choices = problem.choiceCount(i);
            int inputs = problem.choiceCount(i - 1);
            double[] next = new double[choices * width];
            Arrays.fill(next, Double.NEGATIVE_INFINITY);
            int[] from = new int[choices * width];
            for (int a = 0; a < inputs; a++) {
                int base = a * width;
                for (int used = 0; used <= bins; used++) {
                    double score = current[base + used];
                    if (score == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    for (int b = 0; b < choices; b++) {
                        if (!problem.allowed(i, b)) {
                            continue;
                        }
                        int total = used + d.rounded[i][a][b];
                        if (total > bins) {
                            continue;
                        }
                        double candidate = score + problem.unary(i, b);
                        int slot = b * width + total;
                        if (candidate > next[slot]
                                && candidate + completion[i][b] + perBin * (bins - total) >= pruneBelow) {
                            next[slot] = candidate;
                            from[slot] = a;
                        }
                    }
                }
            }
            pointers[i] = from;
            current = next;
        }
        int bestSlot = -1;
        for (int slot = 0; slot < current.length; slot++) {
            if (current[slot] > Double.NEGATIVE_INFINITY && (bestSlot < 0 || current[slot] > current[bestSlot])) {
                bestSlot = slot;
            }
        }
        if (bestSlot < 0) {
            return null;
        }
        int[] choices = new int[layers];
        choices[layers - 1] = bestSlot / width;
        int used = bestSlot % width;
        for (int i = layers - 1; i > 0; i--) {
            int b = choices[i];
            int a = pointers[i][b * width + used];
            used -= d.rounded[i][a][b];
            choices[i - 1] = a;
        }
        return choices;
    }

    /**
     * {@code completion[i][b]}: the best {@code sum_{j>i} (u_j - g * step * r_j)} over continuations from layer i at
     * choice b (backward Viterbi on rounded costs); 0 at the last layer.
     */
    private static double[][] completionBounds(ChainProblem problem, DiscretisedCosts d, double multiplier) {
        int layers = problem.layerCount();
        double[][] completion = new double[layers][];
        completion[layers - 1] = new double[problem.choiceCount(layers - 1)];
        for (int i = layers - 2; i >= 0; i--) {
            completion[i] = new double[problem.choiceCount(i)];
            for (int a = 0; a < completion[i].length; a++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int b = 0; b < problem.choiceCount(i + 1); b++) {
                    double value = problem.unary(i + 1, b) - multiplier * d.step * d.rounded[i + 1][a][b]
                            + completion[i + 1][b];
                    best = Math.max(best, value);
                }
                completion[i][a] = best;
            }
        }
        return completion;
    }
}
