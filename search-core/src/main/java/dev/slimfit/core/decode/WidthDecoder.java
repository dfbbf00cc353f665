package dev.slimfit.core.decode;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobResult.FrontPoint;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.latency.ResidualModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns unaries into widths under the job's budget (docs/methods/latency-model.md, "Decoders"): the exact trade-off
 * curve ({@link ParetoCurve}) up to the budget, so every decode is the true optimum under the table's canonical cost
 * sum, and the Pareto front of a result is read off the same curve. Should a chain's Pareto sets ever pass
 * {@link ParetoCurve#DEFAULT_MAX_PAIRS}, it falls back to the discretised decoder at 0.5% of the budget (never worse
 * than the Lagrangian decode, which is the last resort). Widths never sampled are scored as their layer's worst known
 * width ({@link UnknownWidthPolicy#layerMinimum()}): without evidence a width is chosen only when it is cheap enough
 * to win anyway, never because it looks neutral.
 *
 * <p>Where the budget carries the device table's residual model ({@link BudgetCost#residual()}), a decode is the
 * best point of the exact curve within the budget whose residual-corrected prediction fits too, among the
 * {@value #RERANK_POINTS} best: the table's optimum when it fits both, a slightly cheaper point of the same curve
 * when the residual says the optimum would run over.
 */
public final class WidthDecoder {

    /** The policy for unknown (never sampled) widths in every decode this class makes. */
    public static final UnknownWidthPolicy UNKNOWN_WIDTHS = UnknownWidthPolicy.layerMinimum();
    /** How many of the curve's best points within the budget are checked against a residual model. */
    static final int RERANK_POINTS = 200;
    /** Resolution of the fallback decoder, used only when the exact curve would be too large. */
    private static final double FALLBACK_RESOLUTION = 0.005;

    private final SearchSpace space;
    private final BudgetCost budget;
    private final BudgetDecoder fallback = ExactBudgetDecoder.atResolution(FALLBACK_RESOLUTION);
    private final BudgetDecoder lagrangian = new LagrangianDecoder();

    private final long maxPairs;

    public WidthDecoder(SearchSpace space, BudgetCost budget) {
        this(space, budget, ParetoCurve.DEFAULT_MAX_PAIRS);
    }

    /** With a bound on the exact curve's Pareto sets (tests use a tiny one to exercise the fallback). */
    WidthDecoder(SearchSpace space, BudgetCost budget, long maxPairs) {
        this.space = space;
        this.budget = budget;
        this.maxPairs = maxPairs;
    }

    /**
     * Fails unless some configuration meets the budget.
     *
     * @throws InfeasibleBudgetException naming the cheapest achievable cost
     * @throws IllegalArgumentException  for a budget kind these methods cannot decode (average MACs)
     */
    public static void requireFeasible(SearchSpace space, BudgetCost budget) {
        if (budget.kind() == Budget.Kind.AVERAGE_MACS) {
            throw new IllegalArgumentException("an average-MAC budget applies to early-exit (ENAS4D) searches only");
        }
        ChainCostTable table = budget.costTable();
        if (table.layerCount() != space.layerCount()) {
            throw new IllegalArgumentException("the cost table has " + table.layerCount() + " layers but space "
                    + space.name() + " has " + space.layerCount());
        }
        double minimum = table.minimumCost();
        if (!(budget.limit() >= minimum)) {
            throw new InfeasibleBudgetException("budget " + format(budget.limit()) + " " + unit(budget.kind())
                    + " is below the minimum " + format(minimum) + " " + unit(budget.kind())
                    + " that any configuration of " + space.name() + " reaches (its narrowest widths "
                    + Arrays.toString(space.smallest()) + ")");
        }
    }

    /** The budget's unit as a person reads it. */
    public static String unit(Budget.Kind kind) {
        return switch (kind) {
            case MACS, AVERAGE_MACS -> "MACs";
            case PARAMS -> "parameters";
            case LATENCY -> "ms";
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format("%.4g", value);
    }

    /** The best configuration within the budget for these unaries (NaN = unknown): the exact optimum. */
    public Decoded decode(double[][] unaries) {
        ChainProblem problem = problem(unaries);
        ParetoCurve curve = curveOrNull(problem);
        return curve != null ? decodeAt(curve, budget.limit()) : fallbackAt(problem, budget.limit());
    }

    /**
     * The exact trade-off curve of these unaries up to the job's budget: every non-dominated (cost, score) point with
     * its configuration; {@link ParetoCurve#lookup} answers any budget up to the job's in microseconds.
     *
     * @throws ParetoCurve.TooLargeException if the chain's Pareto sets pass {@link ParetoCurve#DEFAULT_MAX_PAIRS}
     */
    public ParetoCurve curve(double[][] unaries) {
        return ParetoCurve.build(problem(unaries), budget.limit(), maxPairs);
    }

    /** Widths of a decode. */
    public int[] widths(Decoded decoded) {
        return ConfigurationValidator.widths(space, decoded.choices());
    }

    /**
     * The best configuration at each of {@code budgetCount} budgets evenly spaced from the cheapest configuration's
     * cost to the job's limit, all looked up on one exact curve (built once), so scores and costs both rise with the
     * budget; consecutive budgets with the same decode keep the first.
     */
    public List<FrontPoint> paretoFront(double[][] unaries, int budgetCount) {
        ChainProblem problem = problem(unaries);
        ParetoCurve curve = curveOrNull(problem);
        double low = budget.costTable().minimumCost();
        double high = budget.limit();
        double[] budgets = new double[Math.max(1, budgetCount)];
        List<Decoded> decodes = new ArrayList<>();
        for (int k = 0; k < budgets.length; k++) {
            budgets[k] = budgets.length == 1 ? high : Math.min(high, low + (high - low) * k / (budgets.length - 1));
            decodes.add(curve != null ? decodeAt(curve, budgets[k]) : fallbackAt(problem, budgets[k]));
        }
        List<FrontPoint> front = new ArrayList<>();
        Decoded previous = null;
        for (double limit : budgets) {
            // With the exact curve the decode at this budget is already the best of the sweep that fits it; the
            // fallback's decodes are not, so pick the best fitting one either way.
            Decoded best = null;
            for (Decoded candidate : decodes) {
                if (candidate.cost() <= limit && (best == null || candidate.unaryScore() > best.unaryScore()
                        || (candidate.unaryScore() == best.unaryScore() && candidate.cost() < best.cost()))) {
                    best = candidate;
                }
            }
            if (best != null && (previous == null || !Arrays.equals(best.choices(), previous.choices()))) {
                front.add(new FrontPoint(limit, best.cost(), best.unaryScore(),
                        Arrays.stream(widths(best)).boxed().toList()));
                previous = best;
            }
        }
        return List.copyOf(front);
    }

    private ChainProblem problem(double[][] unaries) {
        return ChainProblem.of(unaries, budget.costTable(), UNKNOWN_WIDTHS);
    }

    private ParetoCurve curveOrNull(ChainProblem problem) {
        try {
            return ParetoCurve.build(problem, budget.limit(), maxPairs);
        } catch (ParetoCurve.TooLargeException tooLarge) {
            return null;
        }
    }

    private Decoded decodeAt(ParetoCurve curve, double limit) {
        ResidualModel residual = budget.residual();
        int best = residual == null || Double.isNaN(limit) ? -1 : curve.indexWithin(limit);
        // Re-ranked near the budget: the best point of the table's exact curve that the residual-corrected
        // prediction also fits; if none of the top points does, the table's optimum stands.
        for (int k = best; k >= 0 && k > best - RERANK_POINTS; k--) {
            if (residual.predictMs(ConfigurationValidator.widths(space, curve.choices(k))) <= limit) {
                return curve.point(k);
            }
        }
        return feasibleOrThrow(curve.lookup(limit), limit);
    }

    private Decoded fallbackAt(ChainProblem problem, double limit) {
        BudgetDecode result;
        try {
            result = fallback.decode(problem, limit);
        } catch (IllegalArgumentException tooFine) {
            result = lagrangian.decode(problem, limit);
        }
        return feasibleOrThrow(result, limit);
    }

    private Decoded feasibleOrThrow(BudgetDecode result, double limit) {
        if (result instanceof BudgetDecode.Feasible feasible) {
            return feasible.decoded();
        }
        BudgetDecode.Infeasible infeasible = (BudgetDecode.Infeasible) result;
        throw new InfeasibleBudgetException("budget " + format(limit) + " " + unit(budget.kind())
                + " is below the minimum " + format(infeasible.minimumCost()) + " " + unit(budget.kind())
                + " that any configuration of " + space.name() + " reaches");
    }
}
