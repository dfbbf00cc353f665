package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;

import java.util.Arrays;

/**
 * A chain MRF to decode: unary scores {@code u_i(c_i)} per layer and choice position, and a pairwise cost table
 * (latency, MACs or parameters). Unaries are finite, or -infinity for choices that must never be picked; unknown
 * ({@code NaN}) unaries are resolved by an explicit {@link UnknownWidthPolicy} when the problem is built. Immutable.
 */
public final class ChainProblem {

    private final double[][] unaries;
    private final ChainCostTable cost;

    private ChainProblem(double[][] unaries, ChainCostTable cost) {
        this.unaries = unaries;
        this.cost = cost;
    }

    /**
     * @param unaries {@code unaries[i][k]} for layer {@code i}, choice position {@code k}; must not contain NaN
     * @throws IllegalArgumentException on NaN (use the overload with a policy), +infinity, a shape that does not
     *                                  match the table, or a layer whose choices are all -infinity
     */
    public static ChainProblem of(double[][] unaries, ChainCostTable cost) {
        for (int i = 0; i < unaries.length; i++) {
            for (double value : unaries[i]) {
                if (Double.isNaN(value)) {
                    throw new IllegalArgumentException("layer " + i
                            + " has an unknown (NaN) unary; build the problem with an UnknownWidthPolicy");
                }
            }
        }
        return of(unaries, cost, UnknownWidthPolicy.exclude());
    }

    /** Builds a problem, replacing NaN unaries as {@code policy} says. */
    public static ChainProblem of(double[][] unaries, ChainCostTable cost, UnknownWidthPolicy policy) {
        if (unaries.length != cost.layerCount()) {
            throw new IllegalArgumentException("expected unaries for " + cost.layerCount() + " layers, got "
                    + unaries.length);
        }
        double[][] resolved = new double[unaries.length][];
        for (int i = 0; i < unaries.length; i++) {
            if (unaries[i].length != cost.choiceCount(i)) {
                throw new IllegalArgumentException("layer " + i + " has " + cost.choiceCount(i)
                        + " choices but " + unaries[i].length + " unaries");
            }
            resolved[i] = resolveLayer(i, unaries[i], policy);
        }
        return new ChainProblem(resolved, cost);
    }

    private static double[] resolveLayer(int layer, double[] values, UnknownWidthPolicy policy) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        int known = 0;
        boolean anyAllowed = false;
        for (double value : values) {
            if (value == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("layer " + layer + " has a +infinity unary");
            }
            if (Double.isFinite(value)) {
                sum += value;
                min = Math.min(min, value);
                known++;
            }
        }
        double fill;
        if (policy instanceof UnknownWidthPolicy.Fill constant) {
            fill = constant.value();
        } else if (policy instanceof UnknownWidthPolicy.LayerMean) {
            fill = known == 0 ? 0 : sum / known;
        } else if (policy instanceof UnknownWidthPolicy.LayerMinimum) {
            fill = known == 0 ? 0 : min;
        } else {
            fill = Double.NEGATIVE_INFINITY;
        }
        double[] resolved = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            resolved[k] = Double.isNaN(values[k]) ? fill : values[k];
            anyAllowed |= resolved[k] > Double.NEGATIVE_INFINITY;
        }
        if (!anyAllowed) {
            throw new IllegalArgumentException("layer " + layer + " has no allowed choice (every unary is unknown or"
                    + " -infinity)");
        }
        return resolved;
    }

    public int layerCount() {
        return unaries.length;
    }

    public int choiceCount(int layer) {
        return unaries[layer].length;
    }

    public double unary(int layer, int choice) {
        return unaries[layer][choice];
    }

    /** Whether a choice may be picked at all (its unary is not -infinity). */
    public boolean allowed(int layer, int choice) {
        return unaries[layer][choice] > Double.NEGATIVE_INFINITY;
    }

    public ChainCostTable cost() {
        return cost;
    }

    public double[][] unaries() {
        return Arrays.stream(unaries).map(double[]::clone).toArray(double[][]::new);
    }

    /** {@code sum_i u_i(c_i)} of a configuration (choice positions). */
    public double unaryScore(int[] choices) {
        double sum = 0;
        for (int i = 0; i < choices.length; i++) {
            sum += unaries[i][choices[i]];
        }
        return sum;
    }

    /** The configuration's score and canonical cost. */
    public Decoded evaluate(int[] choices) {
        return new Decoded(choices, unaryScore(choices), cost.cost(choices));
    }
}
