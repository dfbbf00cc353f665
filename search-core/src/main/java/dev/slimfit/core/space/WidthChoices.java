package dev.slimfit.core.space;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds a layer's width choices from its base width and a grid of multipliers. Multipliers are given as exact
 * fractions ({@code numerator / denominator}) so that "round half to even" is decided on exact integers, never on a
 * binary floating-point approximation of, say, 0.3.
 */
public final class WidthChoices {

    private WidthChoices() {
    }

    /**
     * The distinct, ascending widths {@code round(base * n / denominator / divisor) * divisor} for every numerator
     * {@code n}, rounded half to even and at least {@code divisor}.
     */
    public static List<Integer> scaled(int baseWidth, int[] numerators, int denominator, int divisor) {
        if (baseWidth <= 0 || denominator <= 0 || divisor <= 0) {
            throw new IllegalArgumentException("base width, denominator and divisor must be positive");
        }
        TreeSet<Integer> widths = new TreeSet<>();
        for (int numerator : numerators) {
            if (numerator <= 0) {
                throw new IllegalArgumentException("multiplier numerators must be positive, got " + numerator);
            }
            widths.add(roundToMultiple((long) baseWidth * numerator, (long) denominator, divisor));
        }
        return List.copyOf(new ArrayList<>(widths));
    }

    /** {@code numerator / denominator} rounded to the nearest multiple of {@code divisor} (half to even), at least {@code divisor}. */
    static int roundToMultiple(long numerator, long denominator, int divisor) {
        long scaledDenominator = denominator * divisor;
        long quotient = numerator / scaledDenominator;
        long twiceRemainder = 2 * (numerator % scaledDenominator);
        if (twiceRemainder > scaledDenominator || (twiceRemainder == scaledDenominator && quotient % 2 == 1)) {
            quotient++;
        }
        return (int) Math.max(divisor, quotient * divisor);
    }

    /** The integers {@code from..to} inclusive, for multiplier grids such as 2..15 tenths. */
    public static int[] range(int from, int to) {
        int[] values = new int[to - from + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = from + i;
        }
        return values;
    }
}
