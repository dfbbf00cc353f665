package dev.slimfit.core.decode;

/** Outcome of decoding under a budget: a feasible configuration, or the proof that none exists. */
public sealed interface BudgetDecode permits BudgetDecode.Feasible, BudgetDecode.Infeasible {

    double budget();

    boolean feasible();

    /**
     * @param decoded    the configuration; {@code decoded.cost() <= budget} under the canonical cost sum
     * @param budget     the budget asked for
     * @param multiplier the Lagrange multiplier g of the decode (Lagrangian) or of the pruning bound (discretised);
     *                   for the exact curve 0 when the unconstrained optimum fits, else NaN
     * @param stepCost   the discretisation step of {@link ExactBudgetDecoder}: its result is optimal among
     *                   configurations costing at most {@code budget - layers * stepCost}, and never worse than the
     *                   Lagrangian decode; 0 for the Lagrangian decoder and for the exact curve (whose result is the
     *                   optimum)
     */
    record Feasible(Decoded decoded, double budget, double multiplier, double stepCost) implements BudgetDecode {
        @Override
        public boolean feasible() {
            return true;
        }
    }

    /**
     * @param budget      the budget asked for
     * @param minimumCost the cheapest cost any allowed configuration reaches (above the budget)
     */
    record Infeasible(double budget, double minimumCost) implements BudgetDecode {
        @Override
        public boolean feasible() {
            return false;
        }

        public String message() {
            return "budget " + budget + " is below the minimum achievable cost " + minimumCost;
        }
    }
}
