package dev.slimfit.core.decode;

/**
 * AOWS's budgeted decode (docs/methods/latency-model.md, "Decoders"): Viterbi on {@code sum u - g T} with g found by bisection. Grows
 * g until the decode meets the budget, then bisects between the last infeasible and the first feasible g, and
 * returns the best feasible decode seen (at least as good as the feasible end). Always feasible when any
 * configuration is; it can only reach configurations on the convex hull of (cost, score), so a duality gap to the
 * exact optimum can remain
 * ({@link ExactCurveDecoder} / {@link ParetoCurve} close it). The fast path for marginals and sampling.
 */
public final class LagrangianDecoder implements BudgetDecoder {

    /** AOWS uses 12 bisection steps. */
    public static final int DEFAULT_BISECTION_STEPS = 12;
    private static final int MAX_GROWTH_STEPS = 200;

    private final int bisectionSteps;

    public LagrangianDecoder() {
        this(DEFAULT_BISECTION_STEPS);
    }

    public LagrangianDecoder(int bisectionSteps) {
        if (bisectionSteps < 0) {
            throw new IllegalArgumentException("bisectionSteps must be >= 0");
        }
        this.bisectionSteps = bisectionSteps;
    }

    @Override
    public BudgetDecode decode(ChainProblem problem, double budget) {
        Decoded unconstrained = Viterbi.decode(problem, 0);
        if (unconstrained.cost() <= budget) {
            return new BudgetDecode.Feasible(unconstrained, budget, 0, 0);
        }
        Decoded cheapest = Viterbi.cheapest(problem);
        if (cheapest.cost() > budget) {
            return new BudgetDecode.Infeasible(budget, cheapest.cost());
        }
        Decoded best = cheapest;
        double bestMultiplier = Double.POSITIVE_INFINITY;
        double spread = Viterbi.unarySpread(problem);
        double low = 0;
        double high = (spread > 0 ? spread : 1) / (unconstrained.cost() - cheapest.cost());
        boolean bracketed = false;
        for (int step = 0; step < MAX_GROWTH_STEPS && Double.isFinite(high); step++) {
            Decoded decoded = Viterbi.decode(problem, high);
            if (decoded.cost() <= budget) {
                if (decoded.unaryScore() > best.unaryScore()) {
                    best = decoded;
                    bestMultiplier = high;
                }
                bracketed = true;
                break;
            }
            low = high;
            high *= 2;
        }
        if (!bracketed) {
            return new BudgetDecode.Feasible(best, budget, bestMultiplier, 0);
        }
        for (int step = 0; step < bisectionSteps; step++) {
            double middle = 0.5 * (low + high);
            Decoded decoded = Viterbi.decode(problem, middle);
            if (decoded.cost() <= budget) {
                high = middle;
                if (decoded.unaryScore() > best.unaryScore()) {
                    best = decoded;
                    bestMultiplier = middle;
                }
            } else {
                low = middle;
            }
        }
        return new BudgetDecode.Feasible(best, budget, bestMultiplier == Double.POSITIVE_INFINITY ? high : bestMultiplier, 0);
    }
}
