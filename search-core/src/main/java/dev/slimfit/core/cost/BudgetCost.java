package dev.slimfit.core.cost;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.ResidualModel;
import dev.slimfit.core.space.SearchSpace;

/**
 * A budget in the unit of its pairwise cost table: MACs or parameters (exact tables from {@link CostTables}) or
 * milliseconds (the device's fitted {@link LatencyTable}). {@link #of} is the one mapping from a job's budget to a
 * cost table; the worker's decode and the API's re-decode both go through it, so they can never disagree.
 *
 * @param kind         which budget
 * @param limit        the budget, in the table's unit
 * @param costTable    pairwise cost per layer, indexed by width-choice positions
 * @param latencyTable the device's table when {@code kind} is LATENCY, else null
 * @param residual     the table's residual model when it has one (latency budgets only), else null: decoders then
 *                     check their choice near the budget against the corrected prediction too
 */
public record BudgetCost(Budget.Kind kind, double limit, ChainCostTable costTable, LatencyTable latencyTable,
                         ResidualModel residual) {

    public BudgetCost(Budget.Kind kind, double limit, ChainCostTable costTable, LatencyTable latencyTable) {
        this(kind, limit, costTable, latencyTable, null);
    }

    /**
     * The same budget with the residual model stored for its latency table ({@link ResidualModel#toBytes}); itself
     * when there is none.
     *
     * @throws ResidualModel.UnavailableException when XGBoost cannot load the model on this machine
     */
    public BudgetCost withResidual(byte[] model) {
        return model == null || latencyTable == null ? this
                : withResidual(ResidualModel.fromBytes(latencyTable, model));
    }

    /** The same budget, its decodes also checked against {@code model} (the device's table with its residual). */
    public BudgetCost withResidual(ResidualModel model) {
        if (kind != Budget.Kind.LATENCY && model != null) {
            throw new IllegalArgumentException("a residual latency model applies to latency budgets only");
        }
        return new BudgetCost(kind, limit, costTable, latencyTable, model);
    }

    /**
     * The cost table a chain-space budget is decoded against.
     *
     * @param latencyTable the device's table for a latency budget (ignored for the other kinds)
     * @throws IllegalArgumentException for an average-MAC budget (early-exit networks have no pairwise chain cost)
     *                                  or a latency budget without its table
     */
    public static BudgetCost of(Budget budget, SearchSpace space, LatencyTable latencyTable) {
        return switch (budget.kind()) {
            case MACS -> new BudgetCost(Budget.Kind.MACS, budget.macs(), CostTables.macs(space), null);
            case PARAMS -> new BudgetCost(Budget.Kind.PARAMS, budget.params(), CostTables.params(space), null);
            case AVERAGE_MACS -> throw new IllegalArgumentException(
                    "an average-MAC budget applies to multi-stage early-exit spaces, not the chain " + space.name());
            case LATENCY -> {
                if (latencyTable == null) {
                    throw new IllegalArgumentException("a latency budget needs the device's latency table");
                }
                if (!latencyTable.space().name().equals(space.name())) {
                    throw new IllegalArgumentException("the latency table is for " + latencyTable.space().name()
                            + ", not " + space.name());
                }
                yield new BudgetCost(Budget.Kind.LATENCY, budget.latencyMs(), latencyTable.toCostTable(),
                        latencyTable);
            }
        };
    }

    /** The unit as the API names it: "ms", "macs" or "params". */
    public String unit() {
        return switch (kind) {
            case LATENCY -> "ms";
            case MACS, AVERAGE_MACS -> "macs";
            case PARAMS -> "params";
        };
    }

    /** The budget's field in a job spec, for error messages: "latencyMs", "macs", "params", "averageMacs". */
    public String field() {
        return switch (kind) {
            case LATENCY -> "latencyMs";
            case MACS -> "macs";
            case PARAMS -> "params";
            case AVERAGE_MACS -> "averageMacs";
        };
    }
}
