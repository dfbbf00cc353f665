package dev.slimfit.worker.method;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.decode.BudgetCorrection;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchStoppedException;

/**
 * The measured-budget step of every method that decodes a chain under a latency budget, between its decode and its
 * final training: search-core's {@link BudgetCorrection} with the run's device checks and the method's own decode.
 * Other budgets, and runs without a device to measure on, keep their first decode and report nothing.
 */
public final class MeasuredBudget {

    private MeasuredBudget() {
    }

    /**
     * @param first  the method's decode under the device's table
     * @param decode the method's decode under a given (recalibrated) budget
     * @return the widths to train and the report, or null where nothing was measured
     * @throws SearchStoppedException when the run was cancelled or shut down while it waited for the device
     */
    public static BudgetCorrection.Result correct(JobContext job, int[] first, BudgetCorrection.Decode decode) {
        BudgetCost budget = job.request().budget();
        SearchListener.DeviceChecks checks = job.listener().deviceChecks();
        if (budget == null || budget.kind() != Budget.Kind.LATENCY || checks == SearchListener.DeviceChecks.NONE) {
            return null;
        }
        BudgetCorrection.Result result = BudgetCorrection.run(budget, first, checks.maxRounds(), checks.device(),
                decode);
        SearchListener.Stop stop = job.listener().stopRequested();
        if (stop != SearchListener.Stop.NONE) {
            throw new SearchStoppedException(stop);
        }
        return result;
    }
}
