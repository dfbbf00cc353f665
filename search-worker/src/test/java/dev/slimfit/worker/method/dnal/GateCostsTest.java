package dev.slimfit.worker.method.dnal;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GateCostsTest {

    /** Three layers, widths {2, 4, 6}, one input channel. */
    static final SearchSpace SPACE = new SearchSpace("three", "test chain", 1, 8, 2, List.of(
            new LayerSpec(LayerKind.CONV, 3, 1, 8, 4, List.of(2, 4, 6)),
            new LayerSpec(LayerKind.CONV, 3, 1, 8, 4, List.of(2, 4, 6)),
            new LayerSpec(LayerKind.CONV, 3, 1, 8, 4, List.of(2, 4, 6))));
    static final double[] GRID = {2, 4, 6};

    /** A MAC-like table: E_i(a, b) = w_i * a * b + v_i * b (bilinear in the widths), offset 5. */
    private static ChainCostTable bilinear(double[] w, double[] v) {
        double[][][] entries = new double[3][][];
        for (int i = 0; i < 3; i++) {
            double[] inputs = i == 0 ? new double[] {1} : GRID;
            entries[i] = new double[inputs.length][GRID.length];
            for (int a = 0; a < inputs.length; a++) {
                for (int b = 0; b < GRID.length; b++) {
                    entries[i][a][b] = w[i] * inputs[a] * GRID[b] + v[i] * GRID[b];
                }
            }
        }
        return ChainCostTable.of(entries, 5);
    }

    @Test
    void aBilinearCostIsInterpolatedExactlyWithItsHandComputedMarginals() {
        double[] w = {3, 2, 1};
        double[] v = {0.5, 0, 4};
        GateCosts costs = new GateCosts(SPACE, bilinear(w, v));

        GateCosts.Evaluation at = costs.at(new double[] {3, 5, 2.5});

        // T = 5 + (3*1*3 + 0.5*3) + (2*3*5 + 0*5) + (1*5*2.5 + 4*2.5) = 5 + 10.5 + 30 + 22.5
        assertThat(at.cost()).isCloseTo(68, within(1e-9));
        // m0 = w0*1 + v0 + w1*n1 = 3 + 0.5 + 10; m1 = w1*n0 + v1 + w2*n2 = 6 + 0 + 2.5; m2 = w2*n1 + v2 = 5 + 4
        assertThat(at.marginal()).containsExactly(new double[] {13.5, 8.5, 9}, within(1e-9));
    }

    @Test
    void atTheWidthChoicesTheCostIsTheTablesOwn() {
        ChainCostTable table = randomTable(new Random(3));
        GateCosts costs = new GateCosts(SPACE, table);

        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 3; c++) {
                    double cost = costs.at(new double[] {GRID[a], GRID[b], GRID[c]}).cost();
                    assertThat(cost).isCloseTo(table.cost(new int[] {a, b, c}), within(1e-9));
                }
            }
        }
    }

    @Test
    void marginalsAreTheDerivativesOfTheInterpolatedCost() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            GateCosts costs = new GateCosts(SPACE, randomTable(random));
            double[] counts = new double[3];
            for (int i = 0; i < 3; i++) {
                // inside a segment, away from the grid points where the derivative jumps
                counts[i] = 2 + 2 * random.nextInt(2) + 0.2 + 1.6 * random.nextDouble();
            }
            GateCosts.Evaluation at = costs.at(counts);
            for (int i = 0; i < 3; i++) {
                double h = 1e-5;
                double[] up = counts.clone();
                double[] down = counts.clone();
                up[i] += h;
                down[i] -= h;
                double numeric = (costs.at(up).cost() - costs.at(down).cost()) / (2 * h);
                assertThat(at.marginal()[i]).isCloseTo(numeric, within(1e-5 * (1 + Math.abs(numeric))));
            }
        }
    }

    @Test
    void beyondTheNarrowestChoiceTheCostExtendsLinearly() {
        GateCosts costs = new GateCosts(SPACE, bilinear(new double[] {1, 1, 1}, new double[] {0, 0, 0}));

        GateCosts.Evaluation at = costs.at(new double[] {1, 2, 2});

        // 1*1 + 1*2 + 2*2 + 5: the bilinear formula, which the first segment extends
        assertThat(at.cost()).isCloseTo(12, within(1e-9));
        assertThat(at.marginal()[0]).isCloseTo(1 + 2, within(1e-9));
    }

    private static ChainCostTable randomTable(Random random) {
        double[][][] entries = new double[3][][];
        for (int i = 0; i < 3; i++) {
            entries[i] = new double[i == 0 ? 1 : 3][3];
            for (double[] row : entries[i]) {
                for (int b = 0; b < 3; b++) {
                    row[b] = 10 * random.nextDouble();
                }
            }
        }
        return ChainCostTable.of(entries, random.nextDouble());
    }
}
