package dev.slimfit.worker;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.json.LatencyTableJson;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.search.BudgetCost;

/** Turns a job's budget into the pairwise cost table the decoders work on. */
final class BudgetCosts {

    private BudgetCosts() {
    }

    static BudgetCost of(Budget budget, SearchSpace space, String latencyTableJson) {
        return switch (budget.kind()) {
            case MACS -> new BudgetCost(Budget.Kind.MACS, budget.macs(), CostTables.macs(space), null);
            case PARAMS -> new BudgetCost(Budget.Kind.PARAMS, budget.params(), CostTables.params(space), null);
            case AVERAGE_MACS -> new BudgetCost(Budget.Kind.AVERAGE_MACS, budget.averageMacs(),
                    CostTables.macs(space), null);
            case LATENCY -> {
                if (latencyTableJson == null) {
                    throw new IllegalStateException("a latency job was claimed without its latency table");
                }
                LatencyTable table = LatencyTableJson.read(latencyTableJson, space);
                yield new BudgetCost(Budget.Kind.LATENCY, budget.latencyMs(), table.toCostTable(), table);
            }
        };
    }
}
