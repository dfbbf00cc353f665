package dev.slimfit.core.decode;

/**
 * The exact budgeted decode: the best configuration with canonical cost at most the budget, with no resolution
 * parameter (docs/methods/latency-model.md, "Decoders"). Builds the {@link ParetoCurve} up to the budget and looks
 * the budget up; to decode one problem at many budgets build the curve once with {@link ParetoCurve#of} (or
 * {@link ParetoCurve#upTo} the largest budget) and call {@link ParetoCurve#lookup}. Stateless, thread-safe.
 *
 * <p>Results: {@link BudgetDecode.Feasible} with step cost 0 and multiplier 0 when the unconstrained optimum fits
 * (NaN otherwise), or {@link BudgetDecode.Infeasible} naming the cheapest achievable cost.
 *
 * @throws ParetoCurve.TooLargeException from {@link #decode} when the chain's Pareto sets would pass
 *                                       {@link ParetoCurve#DEFAULT_MAX_PAIRS} (no truncated answer is returned)
 */
public final class ExactCurveDecoder implements BudgetDecoder {

    @Override
    public BudgetDecode decode(ChainProblem problem, double budget) {
        ParetoCurve curve = Double.isNaN(budget) ? ParetoCurve.of(problem) : ParetoCurve.upTo(problem, budget);
        return curve.lookup(budget);
    }
}
