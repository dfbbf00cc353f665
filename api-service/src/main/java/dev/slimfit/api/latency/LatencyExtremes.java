package dev.slimfit.api.latency;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.decode.ChainProblem;
import dev.slimfit.core.decode.Viterbi;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;

/**
 * The fastest and slowest configurations a fitted table predicts: exact min-sum decodes of its chain (Viterbi),
 * the slowest one on the negated costs. What a team needs to pick a latency budget the space can meet.
 */
final class LatencyExtremes {

    /** A configuration's widths and the latency the table predicts for it. */
    record Extreme(double latencyMs, int[] widths) {
    }

    private LatencyExtremes() {
    }

    static Extreme fastest(LatencyTable table) {
        return decodeCheapest(table, table.toCostTable());
    }

    static Extreme slowest(LatencyTable table) {
        ChainCostTable cost = table.toCostTable();
        double[][][] negated = new double[cost.layerCount()][][];
        for (int i = 0; i < negated.length; i++) {
            negated[i] = new double[cost.inputChoiceCount(i)][cost.choiceCount(i)];
            for (int a = 0; a < negated[i].length; a++) {
                for (int b = 0; b < negated[i][a].length; b++) {
                    negated[i][a][b] = -cost.entry(i, a, b);
                }
            }
        }
        return decodeCheapest(table, ChainCostTable.of(negated, -cost.offset()));
    }

    private static Extreme decodeCheapest(LatencyTable table, ChainCostTable cost) {
        SearchSpace space = table.space();
        double[][] zero = new double[space.layerCount()][];
        for (int i = 0; i < zero.length; i++) {
            zero[i] = new double[space.layer(i).widthChoices().size()];
        }
        int[] choices = Viterbi.cheapest(ChainProblem.of(zero, cost)).choices();
        int[] widths = ConfigurationValidator.widths(space, choices);
        // Report the table's own prediction (the canonical sum), not the negated decode's.
        return new Extreme(table.predictChoicesMs(choices), widths);
    }
}
