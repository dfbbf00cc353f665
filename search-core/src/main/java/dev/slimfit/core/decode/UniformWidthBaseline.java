package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

import java.util.Optional;
import java.util.TreeSet;

/**
 * The baseline every search result must beat (docs/methods/uniform.md): one width multiplier for all layers, the
 * largest that meets the budget. For a multiplier m each layer takes the choice nearest to {@code base * m} (ties to
 * the narrower); candidate multipliers are every ratio {@code choice / base} that occurs in the space.
 */
public final class UniformWidthBaseline {

    private UniformWidthBaseline() {
    }

    /** The baseline's configuration: its multiplier, choice positions and cost. */
    public record Choice(double multiplier, int[] choices, double cost) {
        public Choice {
            choices = choices.clone();
        }

        @Override
        public int[] choices() {
            return choices.clone();
        }
    }

    /** The widest uniform configuration costing at most {@code budget}, or empty if even the narrowest does not fit. */
    public static Optional<Choice> largestWithin(SearchSpace space, ChainCostTable cost, double budget) {
        TreeSet<Double> multipliers = new TreeSet<>();
        for (LayerSpec layer : space.layers()) {
            for (int width : layer.widthChoices()) {
                multipliers.add((double) width / layer.baseWidth());
            }
        }
        for (double multiplier : multipliers.descendingSet()) {
            int[] choices = at(space, multiplier);
            double value = cost.cost(choices);
            if (value <= budget) {
                return Optional.of(new Choice(multiplier, choices, value));
            }
        }
        return Optional.empty();
    }

    /** Choice positions nearest to {@code base * multiplier} in every layer. */
    public static int[] at(SearchSpace space, double multiplier) {
        int[] choices = new int[space.layerCount()];
        for (int i = 0; i < choices.length; i++) {
            LayerSpec layer = space.layer(i);
            double target = layer.baseWidth() * multiplier;
            int best = 0;
            for (int k = 1; k < layer.widthChoices().size(); k++) {
                if (Math.abs(layer.widthChoices().get(k) - target) < Math.abs(layer.widthChoices().get(best) - target)) {
                    best = k;
                }
            }
            choices[i] = best;
        }
        return choices;
    }
}
