package dev.slimfit.core.cost;

import java.util.Arrays;

/**
 * A cost that is exactly pairwise along a chain: {@code T(c) = offset + sum_i entry(i, c_{i-1}, c_i)}, indexed by
 * choice positions (not widths). Layer 0 has a single input position (the network input's fixed channels); any
 * term that depends on the last width alone (the classifier) is folded into the last layer's entries.
 *
 * <p>The unit is whatever the table was built from (MACs, parameters, milliseconds). {@link #cost(int[])} is the
 * canonical floating-point evaluation (offset added last): decoders decide feasibility with it, so "feasible"
 * always means feasible under this exact sum. Immutable.
 */
public final class ChainCostTable {

    private final double[][][] entries;
    private final double offset;

    private ChainCostTable(double[][][] entries, double offset) {
        this.entries = entries;
        this.offset = offset;
    }

    /**
     * @param entries {@code entries[i][a][b]}: cost of layer {@code i} for input position {@code a} and output
     *                position {@code b}; {@code entries[0]} has exactly one row and each layer's row count equals
     *                the previous layer's column count
     * @param offset  a constant added to every configuration (e.g. a latency model's fixed overhead)
     */
    public static ChainCostTable of(double[][][] entries, double offset) {
        if (entries.length == 0) {
            throw new IllegalArgumentException("a chain needs at least one layer");
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException("offset must be finite, got " + offset);
        }
        double[][][] copy = new double[entries.length][][];
        for (int i = 0; i < entries.length; i++) {
            int expectedRows = i == 0 ? 1 : copy[i - 1][0].length;
            if (entries[i].length != expectedRows) {
                throw new IllegalArgumentException("layer " + i + " has " + entries[i].length
                        + " input positions, expected " + expectedRows);
            }
            copy[i] = new double[expectedRows][];
            int columns = entries[i][0].length;
            if (columns == 0) {
                throw new IllegalArgumentException("layer " + i + " has no output positions");
            }
            for (int a = 0; a < expectedRows; a++) {
                if (entries[i][a].length != columns) {
                    throw new IllegalArgumentException("layer " + i + " is not rectangular");
                }
                for (double value : entries[i][a]) {
                    if (!Double.isFinite(value)) {
                        throw new IllegalArgumentException("layer " + i + " has a non-finite cost " + value);
                    }
                }
                copy[i][a] = entries[i][a].clone();
            }
        }
        return new ChainCostTable(copy, offset);
    }

    public int layerCount() {
        return entries.length;
    }

    /** Number of output positions (width choices) of a layer. */
    public int choiceCount(int layer) {
        return entries[layer][0].length;
    }

    /** Number of input positions of a layer: 1 for layer 0, else the previous layer's choice count. */
    public int inputChoiceCount(int layer) {
        return entries[layer].length;
    }

    public double entry(int layer, int inputChoice, int outputChoice) {
        return entries[layer][inputChoice][outputChoice];
    }

    public double offset() {
        return offset;
    }

    /** The largest choice count of any layer (sizes decoder work arrays). */
    public int maxChoiceCount() {
        int max = 0;
        for (double[][] layer : entries) {
            max = Math.max(max, layer[0].length);
        }
        return max;
    }

    /** The canonical cost of a configuration given as choice positions. */
    public double cost(int[] choices) {
        if (choices.length != entries.length) {
            throw new IllegalArgumentException("expected " + entries.length + " choices, got " + choices.length);
        }
        double sum = 0;
        int previous = 0;
        for (int i = 0; i < entries.length; i++) {
            sum += entries[i][previous][choices[i]];
            previous = choices[i];
        }
        return sum + offset;
    }

    /** The smallest cost over all configurations (min-sum dynamic programming). */
    public double minimumCost() {
        return extremeCost(true);
    }

    /** The largest cost over all configurations. */
    public double maximumCost() {
        return extremeCost(false);
    }

    private double extremeCost(boolean minimum) {
        double[] best = entries[0][0].clone();
        for (int i = 1; i < entries.length; i++) {
            double[] next = new double[choiceCount(i)];
            Arrays.fill(next, minimum ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
            for (int a = 0; a < best.length; a++) {
                for (int b = 0; b < next.length; b++) {
                    double candidate = best[a] + entries[i][a][b];
                    next[b] = minimum ? Math.min(next[b], candidate) : Math.max(next[b], candidate);
                }
            }
            best = next;
        }
        double extreme = best[0];
        for (double value : best) {
            extreme = minimum ? Math.min(extreme, value) : Math.max(extreme, value);
        }
        return extreme + offset;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainCostTable that
                && Double.doubleToLongBits(offset) == Double.doubleToLongBits(that.offset)
                && Arrays.deepEquals(entries, that.entries);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(entries) + Double.hashCode(offset);
    }

    @Override
    public String toString() {
        return "ChainCostTable[layers=" + entries.length + ", offset=" + offset + "]";
    }
}
