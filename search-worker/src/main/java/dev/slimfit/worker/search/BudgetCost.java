package dev.slimfit.worker.search;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.latency.LatencyTable;

/**
 * The budget in the units of its cost table: MACs or parameters (exact pairwise tables from
 * {@code CostTables}) or milliseconds (the device's fitted {@link LatencyTable}).
 *
 * @param kind         which budget
 * @param limit        the budget, in the table's unit
 * @param costTable    pairwise cost per layer, indexed by width-choice positions
 * @param latencyTable the device's table when {@code kind} is LATENCY, else null
 */
public record BudgetCost(Budget.Kind kind, double limit, ChainCostTable costTable, LatencyTable latencyTable) {
}
