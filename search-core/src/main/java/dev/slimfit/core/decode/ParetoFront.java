package dev.slimfit.core.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The accuracy-proxy vs cost trade-off of one trained supernet: decode at many budgets (milliseconds each, no
 * retraining) and keep the non-dominated points.
 */
public final class ParetoFront {

    private ParetoFront() {
    }

    /**
     * {@code budgetCount} budgets evenly spaced from the cheapest configuration's cost to the unconstrained decode's
     * cost (above which the answer no longer changes).
     */
    public static List<ParetoPoint> sweep(ChainProblem problem, BudgetDecoder decoder, int budgetCount) {
        if (budgetCount < 1) {
            throw new IllegalArgumentException("budgetCount must be >= 1");
        }
        double low = Viterbi.cheapest(problem).cost();
        double high = Math.max(low, Viterbi.decode(problem, 0).cost());
        double[] budgets = new double[budgetCount];
        for (int k = 0; k < budgetCount; k++) {
            budgets[k] = budgetCount == 1 ? high : low + (high - low) * k / (budgetCount - 1);
        }
        budgets[budgetCount - 1] = high;
        return over(problem, decoder, budgets);
    }

    /** Decodes at each budget and returns the non-dominated points, cheapest first, with strictly rising score. */
    public static List<ParetoPoint> over(ChainProblem problem, BudgetDecoder decoder, double[] budgets) {
        List<ParetoPoint> points = new ArrayList<>();
        for (double budget : budgets) {
            if (decoder.decode(problem, budget) instanceof BudgetDecode.Feasible feasible) {
                points.add(new ParetoPoint(feasible.decoded(), budget));
            }
        }
        points.sort(Comparator.comparingDouble(ParetoPoint::cost)
                .thenComparing(Comparator.comparingDouble(ParetoPoint::unaryScore).reversed()));
        List<ParetoPoint> front = new ArrayList<>();
        for (ParetoPoint point : points) {
            // Sorted by cost, best score first among equal costs: a point survives only by beating every cheaper one.
            if (front.isEmpty() || point.unaryScore() > front.get(front.size() - 1).unaryScore()) {
                front.add(point);
            }
        }
        return List.copyOf(front);
    }
}
