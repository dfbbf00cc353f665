package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;

/** Shifted, rounded-up integer costs and the number of whole steps the budget leaves. */
final class DiscretisedCosts {
    final int[][][] rounded;
    final int bins;
    final double step;
    final int maxChoices;

    private DiscretisedCosts(int[][][] rounded, int bins, double step, int maxChoices) {
        this.rounded = rounded;
        this.bins = bins;
        this.step = step;
        this.maxChoices = maxChoices;
    }

    /** Null when the budget leaves no room at all after the per-layer minimums (only the incumbent can fit). */
    static DiscretisedCosts of(ChainCostTable cost, double budget, double step) {
        int layers = cost.layerCount();
        double base = cost.offset();
        int[][][] rounded = new int[layers][][];
        long maxTotal = 0;
        for (int i = 0; i < layers; i++) {
            double minimum = Double.POSITIVE_INFINITY;
            for (int a = 0; a < cost.inputChoiceCount(i); a++) {
                for (int b = 0; b < cost.choiceCount(i); b++) {
                    minimum = Math.min(minimum, cost.entry(i, a, b));
                }
            }
            base += minimum;
            long layerMax = 0;
            rounded[i] = new int[cost.inputChoiceCount(i)][cost.choiceCount(i)];
            for (int a = 0; a < cost.inputChoiceCount(i); a++) {
                for (int b = 0; b < cost.choiceCount(i); b++) {
                    double shifted = cost.entry(i, a, b) - minimum;
                    double steps = Math.ceil(shifted / step);
                    while (steps * step < shifted) {
                        steps++;
                    }
                    if (steps > Integer.MAX_VALUE / 4) {
                        throw new IllegalArgumentException("discretisation step " + step + " too fine for costs of "
                                + shifted);
                    }
                    rounded[i][a][b] = (int) steps;
                    layerMax = Math.max(layerMax, (long) steps);
                }
            }
            maxTotal += layerMax;
        }
        double room = budget - base;
        if (room < 0) {
            return null;
        }
        long bins = (long) Math.floor(room / step);
        while (bins > 0 && bins * step > room) {
            bins--;
        }
        bins = Math.min(bins, maxTotal);
        if (bins > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("discretisation step " + step + " too fine for budget " + budget);
        }
        return new DiscretisedCosts(rounded, (int) bins, step, cost.maxChoiceCount());
    }
}
