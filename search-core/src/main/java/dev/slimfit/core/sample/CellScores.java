package dev.slimfit.core.sample;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.decode.ChainProblem;
import dev.slimfit.core.decode.Viterbi;
import dev.slimfit.core.latency.LatencyCells;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Finds the configuration whose latency cells have the largest total score, by max-sum Viterbi on the chain. */
final class CellScores {

    private CellScores() {
    }

    /**
     * @param score       score of one unknown; a configuration's score sums it over its cells (a shared unknown used
     *                    by two layers counts twice)
     * @param tieBreaking size of the random jitter added per chain cell to break ties differently on every call;
     *                    keep it below the smallest meaningful score difference divided by the layer count
     * @return the best configuration as choice positions
     */
    static int[] bestConfiguration(LatencyCells cells, IntToDoubleFunction score, Random random, double tieBreaking) {
        var space = cells.space();
        int layers = space.layerCount();
        double[][][] negated = new double[layers][][];
        double[][] unaries = new double[layers][];
        for (int i = 0; i < layers; i++) {
            int inputs = i == 0 ? 1 : space.layer(i - 1).widthChoices().size();
            int outputs = space.layer(i).widthChoices().size();
            negated[i] = new double[inputs][outputs];
            unaries[i] = new double[outputs];
            for (int a = 0; a < inputs; a++) {
                for (int b = 0; b < outputs; b++) {
                    double value = score.applyAsDouble(cells.id(i, a, b)) + tieBreaking * random.nextDouble();
                    if (i == layers - 1) {
                        value += score.applyAsDouble(cells.classifierId(b));
                    }
                    negated[i][a][b] = -value;
                }
            }
        }
        // Maximising sum(score) is maximising sum(0) - 1 * cost with cost = -score.
        ChainProblem problem = ChainProblem.of(unaries, ChainCostTable.of(negated, 0));
        return Viterbi.decode(problem, 1).choices();
    }
}
