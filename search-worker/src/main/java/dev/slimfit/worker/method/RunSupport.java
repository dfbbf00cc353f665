package dev.slimfit.worker.method;

import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.decode.InfeasibleBudgetException;
import dev.slimfit.core.decode.UniformWidthBaseline;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.OfflinePyTorch;

import java.util.Map;

/** Small pieces every method's result uses. */
public final class RunSupport {

    private RunSupport() {
    }

    /** "cuda" when the engine trains on a GPU, else "cpu". */
    public static String backend() {
        return OfflinePyTorch.defaultDevice().isGpu() ? "cuda" : "cpu";
    }

    /**
     * The uniform-multiplier baseline: the widest single multiplier of the base widths within the budget.
     *
     * @throws InfeasibleBudgetException if not even the narrowest uniform configuration fits
     */
    public static UniformWidthBaseline.Choice uniformBaseline(SearchSpace space, BudgetCost budget) {
        return UniformWidthBaseline.largestWithin(space, budget.costTable(), budget.limit())
                .orElseThrow(() -> new InfeasibleBudgetException("no uniform width multiplier of " + space.name()
                        + " meets the budget " + budget.limit() + "; the cheapest configuration costs "
                        + budget.costTable().minimumCost()));
    }

    /** The widths of {@link #uniformBaseline}. */
    public static int[] uniformBaselineWidths(SearchSpace space, BudgetCost budget) {
        return ConfigurationValidator.widths(space, uniformBaseline(space, budget).choices());
    }

    public static void putDataMetrics(JobContext context, Map<String, Double> metrics) {
        metrics.put("trainImages", (double) context.train().size());
        metrics.put("validationImages", (double) context.validation().size());
        metrics.put("testImages", (double) context.test().size());
    }
}
