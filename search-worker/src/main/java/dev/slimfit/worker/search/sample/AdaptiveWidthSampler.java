package dev.slimfit.worker.search.sample;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.decode.BudgetDecode;
import dev.slimfit.core.decode.ChainMarginals;
import dev.slimfit.core.decode.ChainProblem;
import dev.slimfit.core.decode.LagrangianDecoder;
import dev.slimfit.core.decode.UnknownWidthPolicy;
import dev.slimfit.core.space.SearchSpace;

import java.util.Random;

/**
 * AOWS: after the warm-up, draws whole configurations from {@code p(c) ∝ exp((sum u - g* T(c)) / temperature)}
 * (forward filtering, backward sampling on the chain), where u are the current unaries, T the budget's cost table
 * and g* the multiplier of the current Lagrangian decode under the budget. As the temperature falls, training
 * concentrates on configurations near the budget's best. Unknown unaries count as their layer's mean, so widths
 * not yet sampled keep a fair chance instead of being excluded.
 * <p>
 * Exploration (our change to AOWS): after the warm-up only half of each step's configurations (rounded up) come from
 * the marginals; the rest stay uniform and only those are {@linkplain #unbiased credited} to the unary evidence.
 * Crediting the marginal draws made the evidence self-confirming: once the temperature is low they are all the
 * current decode, whose widths then share one fresh credit while every other width keeps a stale one, and the
 * decode never moved after the warm-up (fmnist-small, 6 epochs). With a single configuration per step, a seeded coin
 * picks marginal or uniform.
 */
public final class AdaptiveWidthSampler implements WidthSampler {

    private final UniformWidthSampler warmUp;
    private final UnaryEvidence evidence;
    private final ChainCostTable cost;
    private final double budget;
    private final LagrangianDecoder decoder = new LagrangianDecoder();
    private double lastTemperature = Double.NaN;
    private double lastMultiplier = Double.NaN;
    private int lastAdaptive;

    public AdaptiveWidthSampler(SearchSpace space, UnaryEvidence evidence, ChainCostTable cost, double budget) {
        this.warmUp = new UniformWidthSampler(space);
        this.evidence = evidence;
        this.cost = cost;
        this.budget = budget;
    }

    @Override
    public int[][] sample(int count, double progress, Random random) {
        lastAdaptive = 0;
        if (TemperatureSchedule.warmingUp(progress) || evidence.isEmpty()) {
            return warmUp.sample(count, progress, random);
        }
        int adaptive = count >= 2 ? count - count / 2 : (random.nextBoolean() ? count : 0);
        if (adaptive == 0) {
            return warmUp.sample(count, progress, random);
        }
        ChainProblem problem = ChainProblem.of(evidence.unaries(), cost, UnknownWidthPolicy.layerMean());
        double multiplier = decoder.decode(problem, budget) instanceof BudgetDecode.Feasible feasible
                ? feasible.multiplier() : Double.NaN;
        if (!Double.isFinite(multiplier)) {
            // The Lagrangian search found no bracketing multiplier (degenerate unaries): stay uniform this step.
            return warmUp.sample(count, progress, random);
        }
        double temperature = TemperatureSchedule.at(progress);
        ChainMarginals marginals = ChainMarginals.compute(problem, multiplier, temperature);
        lastTemperature = temperature;
        lastMultiplier = multiplier;
        int[][] configurations = new int[count][];
        for (int n = 0; n < adaptive; n++) {
            configurations[n] = marginals.sample(random);
        }
        int[][] explored = warmUp.sample(count - adaptive, progress, random);
        System.arraycopy(explored, 0, configurations, adaptive, explored.length);
        lastAdaptive = adaptive;
        return configurations;
    }

    /** The marginal draws come first in a draw; the uniform ones after them are the unbiased ones. */
    @Override
    public boolean unbiased(int index) {
        return index >= lastAdaptive;
    }

    /** Temperature of the latest marginal draw (NaN before the first). */
    public double lastTemperature() {
        return lastTemperature;
    }

    /** Multiplier g* of the latest marginal draw (NaN before the first). */
    public double lastMultiplier() {
        return lastMultiplier;
    }
}
