package dev.slimfit.core.decode;

import java.util.Arrays;

/**
 * A decoded configuration as choice positions, with its unary score {@code sum u_i(c_i)} and its canonical cost
 * ({@link dev.slimfit.core.cost.ChainCostTable#cost(int[])}).
 */
public record Decoded(int[] choices, double unaryScore, double cost) {

    public Decoded {
        choices = choices.clone();
    }

    @Override
    public int[] choices() {
        return choices.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Decoded that && Arrays.equals(choices, that.choices)
                && Double.compare(unaryScore, that.unaryScore) == 0 && Double.compare(cost, that.cost) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(choices) * 31 + Double.hashCode(unaryScore) * 17 + Double.hashCode(cost);
    }

    @Override
    public String toString() {
        return "Decoded[choices=" + Arrays.toString(choices) + ", unaryScore=" + unaryScore + ", cost=" + cost + "]";
    }
}
