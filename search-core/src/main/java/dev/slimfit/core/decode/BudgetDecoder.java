package dev.slimfit.core.decode;

/** Chooses the best configuration of a chain problem whose cost is at most a budget. */
@FunctionalInterface
public interface BudgetDecoder {

    BudgetDecode decode(ChainProblem problem, double budget);
}
