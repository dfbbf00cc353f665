package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An exact budgeted-decode oracle that shares no code with {@link ParetoCurve}: depth-first search over
 * configurations in canonical summation order, pruned by the cheapest completion (cannot fit) and by Lagrangian
 * bounds {@code s + max(rest - g cost_rest) + g (B - c)} at a few multipliers around the Lagrangian decode's (cannot
 * beat the incumbent), each with a safety margin so that only clearly hopeless branches go. Used by the tests and by
 * the benchmark (test sources only). It returns the best score; -infinity is never returned for a feasible budget.
 */
public final class BranchAndBoundOracle {
    private final ChainProblem problem;
    private final ChainCostTable table;
    private final double budget;
    private final double[][] cheapestRest;
    private final double[] multipliers;
    private final double[][][] lagrangianRest;
    private final int[][] order;
    private final double costMargin;
    private final double scoreMargin;
    private double incumbent;

    private BranchAndBoundOracle(ChainProblem problem, double budget) {
        this.problem = problem;
        this.table = problem.cost();
        this.budget = budget;
        int layers = problem.layerCount();
        var start = (BudgetDecode.Feasible) new LagrangianDecoder(30).decode(problem, budget);
        this.incumbent = start.decoded().unaryScore();
        double g = start.multiplier() > 0 && Double.isFinite(start.multiplier()) ? start.multiplier() : 0;
        this.multipliers = new double[]{g, g * 0.7, g * 0.9, g * 1.1, g * 1.4};
        this.cheapestRest = rest(0, 1);
        this.lagrangianRest = new double[multipliers.length][][];
        for (int m = 0; m < multipliers.length; m++) {
            lagrangianRest[m] = rest(1, multipliers[m]);
        }
        this.costMargin = 1e-9 * (Math.abs(budget) + 1);
        this.scoreMargin = 1e-9 * (Math.abs(incumbent) + layers + 2 * g * Math.abs(budget));
        this.order = new int[layers][];
        for (int i = 0; i < layers; i++) {
            final int layer = i;
            order[i] = IntStream.range(0, problem.choiceCount(i)).boxed()
                    .sorted((x, y) -> Double.compare(problem.unary(layer, y), problem.unary(layer, x)))
                    .mapToInt(Integer::intValue).toArray();
        }
    }

    /** The best canonical unary score over allowed configurations with canonical cost {@code <= budget} (feasible). */
    public static double bestScoreWithin(ChainProblem problem, double budget) {
        BranchAndBoundOracle search = new BranchAndBoundOracle(problem, budget);
        for (int b : search.order[0]) {
            if (problem.allowed(0, b)) {
                search.descend(0, b, 0.0 + search.table.entry(0, 0, b), 0.0 + problem.unary(0, b));
            }
        }
        return search.incumbent;
    }

    /** {@code rest[i][b]}: max over completions after choice b at layer i of {@code w * u - g * cost} (g = 1, w = 0: min cost, negated). */
    private double[][] rest(double unaryWeight, double g) {
        int layers = problem.layerCount();
        double[][] rest = new double[layers][];
        rest[layers - 1] = new double[problem.choiceCount(layers - 1)];
        Arrays.fill(rest[layers - 1], -g * table.offset());
        for (int i = layers - 2; i >= 0; i--) {
            rest[i] = new double[problem.choiceCount(i)];
            for (int a = 0; a < rest[i].length; a++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int b = 0; b < problem.choiceCount(i + 1); b++) {
                    if (problem.allowed(i + 1, b)) {
                        best = Math.max(best, unaryWeight * problem.unary(i + 1, b) - g * table.entry(i + 1, a, b)
                                + rest[i + 1][b]);
                    }
                }
                rest[i][a] = best;
            }
        }
        return rest;
    }

    private void descend(int layer, int choice, double cost, double score) {
        if (cost - cheapestRest[layer][choice] > budget + costMargin) {
            return;
        }
        for (int m = 0; m < multipliers.length; m++) {
            double bound = score + lagrangianRest[m][layer][choice] + multipliers[m] * (budget - cost);
            if (bound < incumbent - scoreMargin) {
                return;
            }
        }
        if (layer == problem.layerCount() - 1) {
            if (cost + table.offset() <= budget && score > incumbent) {
                incumbent = score;
            }
            return;
        }
        for (int b : order[layer + 1]) {
            if (problem.allowed(layer + 1, b)) {
                descend(layer + 1, b, cost + table.entry(layer + 1, choice, b), score + problem.unary(layer + 1, b));
            }
        }
    }
}
