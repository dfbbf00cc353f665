package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;

/**
 * Max-sum dynamic programming on the chain, O(L K^2): the configuration maximising
 * {@code sum_i u_i(c_i) - g * T(c)} exactly. Ties go to the lowest choice position at each step, so results are
 * deterministic.
 */
public final class Viterbi {

    private Viterbi() {
    }

    /** Maximises {@code sum u - multiplier * cost} (the Lagrangian of the budgeted problem for {@code multiplier >= 0}). */
    public static Decoded decode(ChainProblem problem, double multiplier) {
        return problem.evaluate(run(problem, 1, multiplier));
    }

    /**
     * The cheapest allowed configuration; among equally cheap ones (equal computed sums), the best scoring. Decides
     * feasibility: a budget below its cost cannot be met. Lexicographic min-sum, so no multiplier has to be large
     * enough to separate cost from score.
     */
    public static Decoded cheapest(ChainProblem problem) {
        ChainCostTable cost = problem.cost();
        int layers = problem.layerCount();
        int[][] backPointers = new int[layers][];
        double[] costSum = new double[problem.choiceCount(0)];
        double[] unarySum = new double[costSum.length];
        for (int b = 0; b < costSum.length; b++) {
            costSum[b] = problem.allowed(0, b) ? cost.entry(0, 0, b) : Double.POSITIVE_INFINITY;
            unarySum[b] = problem.unary(0, b);
        }
        for (int i = 1; i < layers; i++) {
            int choices = problem.choiceCount(i);
            double[] nextCost = new double[choices];
            double[] nextUnary = new double[choices];
            int[] pointers = new int[choices];
            for (int b = 0; b < choices; b++) {
                double bestCost = Double.POSITIVE_INFINITY;
                double bestUnary = Double.NEGATIVE_INFINITY;
                int argBest = 0;
                for (int a = 0; a < costSum.length; a++) {
                    double candidate = costSum[a] + cost.entry(i, a, b);
                    if (candidate < bestCost || (candidate == bestCost && unarySum[a] > bestUnary)) {
                        bestCost = candidate;
                        bestUnary = unarySum[a];
                        argBest = a;
                    }
                }
                boolean allowed = problem.allowed(i, b);
                nextCost[b] = allowed ? bestCost : Double.POSITIVE_INFINITY;
                nextUnary[b] = bestUnary + problem.unary(i, b);
                pointers[b] = argBest;
            }
            backPointers[i] = pointers;
            costSum = nextCost;
            unarySum = nextUnary;
        }
        int last = 0;
        for (int b = 1; b < costSum.length; b++) {
            if (costSum[b] < costSum[last] || (costSum[b] == costSum[last] && unarySum[b] > unarySum[last])) {
                last = b;
            }
        }
        return problem.evaluate(backtrack(backPointers, last));
    }

    /** {@code sum_i (max_k u_i - min_k u_i)} over allowed choices: the most unaries can differ between configurations. */
    static double unarySpread(ChainProblem problem) {
        double spread = 0;
        for (int i = 0; i < problem.layerCount(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int k = 0; k < problem.choiceCount(i); k++) {
                if (problem.allowed(i, k)) {
                    max = Math.max(max, problem.unary(i, k));
                    min = Math.min(min, problem.unary(i, k));
                }
            }
            spread += max - min;
        }
        return spread;
    }

    /**
     * Core recursion on {@code unaryWeight * u - costWeight * T}; a disallowed choice stays -infinity whatever the
     * weights, so {@code unaryWeight = 0} minimises cost over allowed configurations.
     */
    static int[] run(ChainProblem problem, double unaryWeight, double costWeight) {
        ChainCostTable cost = problem.cost();
        int layers = problem.layerCount();
        int[][] backPointers = new int[layers][];
        double[] score = new double[problem.choiceCount(0)];
        for (int b = 0; b < score.length; b++) {
            score[b] = weighted(problem, 0, b, unaryWeight) - costWeight * cost.entry(0, 0, b);
        }
        for (int i = 1; i < layers; i++) {
            int choices = problem.choiceCount(i);
            double[] next = new double[choices];
            int[] pointers = new int[choices];
            for (int b = 0; b < choices; b++) {
                double best = Double.NEGATIVE_INFINITY;
                int argBest = 0;
                for (int a = 0; a < score.length; a++) {
                    double candidate = score[a] - costWeight * cost.entry(i, a, b);
                    if (candidate > best) {
                        best = candidate;
                        argBest = a;
                    }
                }
                next[b] = best + weighted(problem, i, b, unaryWeight);
                pointers[b] = argBest;
            }
            backPointers[i] = pointers;
            score = next;
        }
        int last = 0;
        for (int b = 1; b < score.length; b++) {
            if (score[b] > score[last]) {
                last = b;
            }
        }
        return backtrack(backPointers, last);
    }

    private static int[] backtrack(int[][] backPointers, int last) {
        int layers = backPointers.length;
        int[] choices = new int[layers];
        choices[layers - 1] = last;
        for (int i = layers - 1; i > 0; i--) {
            choices[i - 1] = backPointers[i][choices[i]];
        }
        return choices;
    }

    private static double weighted(ChainProblem problem, int layer, int choice, double unaryWeight) {
        double unary = problem.unary(layer, choice);
        return unary == Double.NEGATIVE_INFINITY ? unary : unaryWeight * unary;
    }
}
