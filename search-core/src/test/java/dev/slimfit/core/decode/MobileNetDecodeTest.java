package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MobileNetDecodeTest {

    private final SearchSpace space = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();
    private final ChainCostTable macs = CostTables.macs(space);

    /** Unaries that grow with width with diminishing returns, plus noise, like supernet loss-gap credits. */
    private double[][] unaries(Random random) {
        double[][] unaries = new double[space.layerCount()][];
        for (int i = 0; i < unaries.length; i++) {
            LayerSpec layer = space.layer(i);
            unaries[i] = new double[layer.widthChoices().size()];
            for (int k = 0; k < unaries[i].length; k++) {
                double ratio = (double) layer.widthChoices().get(k) / layer.baseWidth();
                unaries[i][k] = Math.log(ratio) * (0.5 + random.nextDouble()) + 0.05 * random.nextGaussian();
            }
        }
        return unaries;
    }

    @Test
    void macBudgetDecodesAreTrulyFeasibleAndExactBeatsLagrangian() {
        Random random = new Random(41);
        ExactBudgetDecoder exact = ExactBudgetDecoder.atResolution(0.005);
        LagrangianDecoder lagrangian = new LagrangianDecoder();
        double[] budgets = {150e6, 300e6, 569e6};
        for (int n = 0; n < 5; n++) {
            ChainProblem problem = ChainProblem.of(unaries(random), macs);
            for (double budget : budgets) {
                var exactResult = (BudgetDecode.Feasible) exact.decode(problem, budget);
                var lagrangianResult = (BudgetDecode.Feasible) lagrangian.decode(problem, budget);
                int[] widths = ConfigurationValidator.widths(space, exactResult.decoded().choices());
                assertThat(NetworkCost.macs(space, widths)).isLessThanOrEqualTo((long) budget);
                assertThat(exactResult.decoded().cost()).isEqualTo((double) NetworkCost.macs(space, widths));
                assertThat(exactResult.stepCost()).isEqualTo(0.005 * budget);
                assertThat(exactResult.decoded().unaryScore()).isGreaterThanOrEqualTo(lagrangianResult.decoded().unaryScore());
                assertThat(lagrangianResult.decoded().cost()).isLessThanOrEqualTo(budget);
            }
        }
    }

    @Test
    void belowTheSmallestNetworkIsInfeasible() {
        ChainProblem problem = ChainProblem.of(unaries(new Random(42)), macs);
        long smallest = NetworkCost.macs(space, space.smallest());
        var result = new LagrangianDecoder().decode(problem, smallest - 1);
        assertThat(result).isEqualTo(new BudgetDecode.Infeasible(smallest - 1, smallest));
        assertThat(new LagrangianDecoder().decode(problem, smallest).feasible()).isTrue();
    }

    @Test
    void uniformBaselinePicksTheWidestFittingMultiplier() {
        long base = NetworkCost.macs(space, space.layers().stream().mapToInt(LayerSpec::baseWidth).toArray());
        var choice = UniformWidthBaseline.largestWithin(space, macs, base).orElseThrow();
        assertThat(choice.multiplier()).isEqualTo(1.0);
        assertThat(choice.cost()).isEqualTo((double) base);
        var smaller = UniformWidthBaseline.largestWithin(space, macs, base - 1).orElseThrow();
        assertThat(smaller.multiplier()).isLessThan(1.0);
        assertThat(smaller.cost()).isLessThan(base);
        assertThat(UniformWidthBaseline.largestWithin(space, macs, 1)).isEmpty();

        // The decoder under the same budget does at least as well as the baseline on any unaries.
        ChainProblem problem = ChainProblem.of(unaries(new Random(43)), macs);
        var decoded = (BudgetDecode.Feasible) ExactBudgetDecoder.atResolution(0.005).decode(problem, smaller.cost());
        assertThat(decoded.decoded().unaryScore()).isGreaterThanOrEqualTo(problem.unaryScore(smaller.choices()));
    }
}
