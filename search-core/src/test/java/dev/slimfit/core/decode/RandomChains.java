package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random small chain problems and a brute-force oracle over all their configurations. */
final class RandomChains {

    private RandomChains() {
    }

    /**
     * A random chain of 1-5 layers with 1-5 choices. With {@code integral} true, unaries and costs are small
     * integers (many exact ties, and a step of 1 makes the exact decoder exact).
     */
    static ChainProblem problem(Random random, boolean integral) {
        int layers = 1 + random.nextInt(5);
        int[] choices = new int[layers];
        for (int i = 0; i < layers; i++) {
            choices[i] = 1 + random.nextInt(5);
        }
        double[][][] entries = new double[layers][][];
        double[][] unaries = new double[layers][];
        for (int i = 0; i < layers; i++) {
            int inputs = i == 0 ? 1 : choices[i - 1];
            entries[i] = new double[inputs][choices[i]];
            for (int a = 0; a < inputs; a++) {
                for (int b = 0; b < choices[i]; b++) {
                    entries[i][a][b] = integral ? random.nextInt(6) : 10 * random.nextDouble();
                }
            }
            unaries[i] = new double[choices[i]];
            for (int b = 0; b < choices[i]; b++) {
                unaries[i][b] = integral ? random.nextInt(4) : random.nextGaussian();
            }
        }
        double offset = integral ? random.nextInt(3) : random.nextDouble();
        return ChainProblem.of(unaries, ChainCostTable.of(entries, offset));
    }

    static List<int[]> allConfigurations(ChainProblem problem) {
        List<int[]> all = new ArrayList<>();
        int layers = problem.layerCount();
        int[] current = new int[layers];
        while (true) {
            all.add(current.clone());
            int i = layers - 1;
            while (i >= 0 && ++current[i] == problem.choiceCount(i)) {
                current[i] = 0;
                i--;
            }
            if (i < 0) {
                return all;
            }
        }
    }

    /** Best unary score among allowed configurations costing at most {@code budget}; -infinity if none. */
    static double bestScoreWithin(ChainProblem problem, double budget) {
        double best = Double.NEGATIVE_INFINITY;
        for (int[] choices : allConfigurations(problem)) {
            Decoded decoded = problem.evaluate(choices);
            if (decoded.cost() <= budget && decoded.unaryScore() > best) {
                best = decoded.unaryScore();
            }
        }
        return best;
    }

    static double minimumCost(ChainProblem problem) {
        double min = Double.POSITIVE_INFINITY;
        for (int[] choices : allConfigurations(problem)) {
            Decoded decoded = problem.evaluate(choices);
            if (decoded.unaryScore() > Double.NEGATIVE_INFINITY) {
                min = Math.min(min, decoded.cost());
            }
        }
        return min;
    }

    /** A budget between slightly below the minimum cost (infeasible) and the maximum cost. */
    static double budget(ChainProblem problem, Random random) {
        double min = problem.cost().minimumCost();
        double max = problem.cost().maximumCost();
        double budget = min - 1 + (max - min + 2) * random.nextDouble();
        return random.nextInt(4) == 0 ? Math.round(budget) : budget;
    }
}
