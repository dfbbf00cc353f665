package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.latency.SimulatedDevice;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact curve on MobileNet-V1-shaped chains (14 layers, 6 to 14 widths each) against two oracles that share no
 * code with it: a dynamic programme over exact integer costs (integer tables with small ranges), and a
 * branch-and-bound search on the real MAC and simulated latency tables.
 */
class MobileNetCurveTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();

    /** AOWS-like unaries: log width ratio with a random slope per width, plus noise. */
    static double[][] aowsUnaries(SearchSpace space, Random random) {
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

    private static ChainCostTable integerTable(Random random, int range) {
        double[][][] entries = new double[SPACE.layerCount()][][];
        for (int i = 0; i < entries.length; i++) {
            int inputs = i == 0 ? 1 : SPACE.layer(i - 1).widthChoices().size();
            int choices = SPACE.layer(i).widthChoices().size();
            entries[i] = new double[inputs][choices];
            for (int a = 0; a < inputs; a++) {
                for (int b = 0; b < choices; b++) {
                    // Cost grows with the width like a real table, plus integer noise: many ties for small ranges.
                    entries[i][a][b] = (a + b) * range / 8 + random.nextInt(range + 1);
                }
            }
        }
        return ChainCostTable.of(entries, random.nextInt(5));
    }

    /**
     * Oracle 1: {@code best[b][c]} = the best canonical prefix score ending at choice b with integer partial cost
     * exactly c. Addition is monotone, so the max over predecessors extended by the unary is the max canonical score.
     * Returns the curve as strict score records over ascending total cost.
     */
    private static List<double[]> integerOracleCurve(ChainProblem problem) {
        ChainCostTable table = problem.cost();
        int layers = problem.layerCount();
        int maxTotal = (int) Math.round(table.maximumCost() - table.offset());
        double[][] best = new double[problem.choiceCount(0)][maxTotal + 1];
        for (double[] row : best) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        for (int b = 0; b < best.length; b++) {
            if (problem.allowed(0, b)) {
                best[b][(int) table.entry(0, 0, b)] = 0.0 + problem.unary(0, b);
            }
        }
        for (int i = 1; i < layers; i++) {
            double[][] next = new double[problem.choiceCount(i)][maxTotal + 1];
            for (int b = 0; b < next.length; b++) {
                Arrays.fill(next[b], Double.NEGATIVE_INFINITY);
                if (!problem.allowed(i, b)) {
                    continue;
                }
                for (int a = 0; a < best.length; a++) {
                    int entry = (int) table.entry(i, a, b);
                    for (int c = 0; c + entry <= maxTotal; c++) {
                        if (best[a][c] > Double.NEGATIVE_INFINITY) {
                            next[b][c + entry] = Math.max(next[b][c + entry], best[a][c] + problem.unary(i, b));
                        }
                    }
                }
            }
            best = next;
        }
        List<double[]> curve = new ArrayList<>();
        double record = Double.NEGATIVE_INFINITY;
        for (int c = 0; c <= maxTotal; c++) {
            double score = Double.NEGATIVE_INFINITY;
            for (double[] row : best) {
                score = Math.max(score, row[c]);
            }
            if (score > record) {
                record = score;
                curve.add(new double[]{c + table.offset(), score});
            }
        }
        return curve;
    }

    @Test
    void curveMatchesAnExactIntegerCostProgrammeOnMobileNetShapedChains() {
        Random random = new Random(201);
        int[] ranges = {2, 5, 12, 40};
        int instances = 0;
        long points = 0;
        for (int range : ranges) {
            for (int n = 0; n < 12; n++) {
                ChainCostTable table = integerTable(random, range);
                double[][] unaries = n % 3 == 2 ? integerUnaries(random) : aowsUnaries(SPACE, random);
                if (n % 4 == 3) {
                    unaries[5][random.nextInt(unaries[5].length)] = Double.NaN;
                    unaries[9][0] = Double.NEGATIVE_INFINITY;
                }
                ChainProblem problem = ChainProblem.of(unaries, table, UnknownWidthPolicy.exclude());
                ParetoCurve curve = ParetoCurve.of(problem);
                List<double[]> oracle = integerOracleCurve(problem);
                assertThat(curve.size()).as("range %d instance %d", range, n).isEqualTo(oracle.size());
                for (int k = 0; k < oracle.size(); k++) {
                    assertThat(curve.cost(k)).isEqualTo(oracle.get(k)[0]);
                    assertThat(curve.score(k)).isEqualTo(oracle.get(k)[1]);
                    assertThat(problem.evaluate(curve.choices(k))).isEqualTo(curve.point(k));
                }
                // Every integer and half-integer budget, through the decoder and a curve built up to that budget.
                int high = (int) Math.round(table.maximumCost()) + 1;
                int oracleIndex = -1;
                for (int budget = (int) table.minimumCost() - 1; budget <= high; budget++) {
                    while (oracleIndex + 1 < oracle.size() && oracle.get(oracleIndex + 1)[0] <= budget) {
                        oracleIndex++;
                    }
                    BudgetDecode result = curve.lookup(budget);
                    if (oracleIndex < 0) {
                        assertThat(result.feasible()).isFalse();
                    } else {
                        assertThat(((BudgetDecode.Feasible) result).decoded().unaryScore())
                                .isEqualTo(oracle.get(oracleIndex)[1]);
                        assertThat(((BudgetDecode.Feasible) curve.lookup(budget + 0.5)).decoded())
                                .isEqualTo(((BudgetDecode.Feasible) result).decoded());
                    }
                    if (budget % 97 == 0) {
                        assertThat(new ExactCurveDecoder().decode(problem, budget)).isEqualTo(result);
                    }
                }
                instances++;
                points += curve.size();
            }
        }
        assertThat(instances).isEqualTo(48);
        assertThat(points).isGreaterThan(1000);
    }

    private static double[][] integerUnaries(Random random) {
        double[][] unaries = new double[SPACE.layerCount()][];
        for (int i = 0; i < unaries.length; i++) {
            unaries[i] = new double[SPACE.layer(i).widthChoices().size()];
            for (int k = 0; k < unaries[i].length; k++) {
                unaries[i][k] = k / 3 + random.nextInt(2);
            }
        }
        return unaries;
    }

    @Test
    void curveMatchesBranchAndBoundOnTheRealMacAndLatencyTables() {
        ChainCostTable macs = CostTables.macs(SPACE);
        ChainCostTable latency = new SimulatedDevice(SPACE, 2024, 0.3, 0.02).planted().toCostTable();
        Random random = new Random(202);
        int checked = 0;
        for (ChainCostTable table : List.of(macs, latency)) {
            for (int n = 0; n < 5; n++) {
                ChainProblem problem = ChainProblem.of(aowsUnaries(SPACE, random), table);
                ParetoCurve curve = ParetoCurve.of(problem);
                assertThat(curve.size()).isBetween(50, 5000);
                for (int k = 0; k < curve.size(); k++) {
                    assertThat(problem.evaluate(curve.choices(k))).isEqualTo(curve.point(k));
                }
                double min = table.minimumCost();
                double max = table.maximumCost();
                for (int b = 0; b < 10; b++) {
                    double budget = min + (0.02 + 0.96 * random.nextDouble()) * (max - min);
                    if (b >= 8) {
                        // Exactly a curve point's cost: the oracle must reach it too.
                        budget = curve.cost(random.nextInt(curve.size()));
                    }
                    double oracle = BranchAndBoundOracle.bestScoreWithin(problem, budget);
                    var decoded = (BudgetDecode.Feasible) curve.lookup(budget);
                    assertThat(decoded.decoded().unaryScore()).as("budget %s", budget).isEqualTo(oracle);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(100);
    }

    @Test
    void theBranchAndBoundOracleItselfMatchesBruteForceOnSmallChains() {
        Random random = new Random(203);
        for (int instance = 0; instance < 3000; instance++) {
            ChainProblem problem = RandomChains.problem(random, instance % 2 == 0);
            double budget = RandomChains.budget(problem, random);
            double optimum = RandomChains.bestScoreWithin(problem, budget);
            if (optimum > Double.NEGATIVE_INFINITY) {
                assertThat(BranchAndBoundOracle.bestScoreWithin(problem, budget)).isEqualTo(optimum);
            }
        }
    }
}
