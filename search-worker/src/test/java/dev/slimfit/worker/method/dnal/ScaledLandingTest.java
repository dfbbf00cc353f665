package dev.slimfit.worker.method.dnal;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The scaled landing: within the budget, filled toward the 97-100% band, shaped like the open counts. */
class ScaledLandingTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final ChainCostTable MACS = CostTables.macs(SPACE);

    @Test
    void theScaledNetworkFitsAndAlmostAlwaysSpends97To100PercentOfTheBudget() {
        Random random = new Random(17);
        double low = MACS.minimumCost();
        double high = MACS.maximumCost();
        int landedInBand = 0;
        for (int trial = 0; trial < 200; trial++) {
            BudgetCost budget = new BudgetCost(Budget.Kind.MACS, low + (0.3 + 0.6 * random.nextDouble()) * (high - low),
                    MACS, null);
            int[] open = new int[SPACE.layerCount()];
            for (int i = 0; i < open.length; i++) {
                open[i] = random.nextInt(SPACE.layer(i).maxWidth() + 1);
            }

            int[] widths = PrunePhase.scaledWithin(SPACE, budget, open);

            assertThat(widths).isNotNull();
            double cost = PrunePhase.cost(SPACE, budget, widths);
            assertThat(cost).isLessThanOrEqualTo(budget.limit());
            landedInBand += cost >= PrunePhase.LANDING_SHARE * budget.limit() ? 1 : 0;
        }
        System.out.println("LANDED " + landedInBand);
        assertThat(landedInBand).as("landings spending 97-100% of the budget").isGreaterThan(190);
    }

    @Test
    void aLayerTheGatesKeptMoreOfKeepsMoreAfterScaling() {
        BudgetCost budget = new BudgetCost(Budget.Kind.MACS, MACS.cost(new int[] {2, 2, 2, 2, 2}), MACS, null);
        int[] open = {4, 8, 80, 20, 160};

        int[] widths = PrunePhase.scaledWithin(SPACE, budget, open);

        assertThat(widths[2]).isGreaterThan(widths[3]);
        assertThat(widths[4]).isGreaterThanOrEqualTo(widths[3]);
        assertThat(widths[0]).isLessThanOrEqualTo(widths[1]);
    }
}
