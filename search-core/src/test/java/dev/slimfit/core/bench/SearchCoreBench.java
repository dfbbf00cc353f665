package dev.slimfit.core.bench;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.decode.BranchAndBoundOracle;
import dev.slimfit.core.decode.BudgetDecode;
import dev.slimfit.core.decode.BudgetDecoder;
import dev.slimfit.core.decode.ChainProblem;
import dev.slimfit.core.decode.Decoded;
import dev.slimfit.core.decode.ExactBudgetDecoder;
import dev.slimfit.core.decode.ExactCurveDecoder;
import dev.slimfit.core.decode.LagrangianDecoder;
import dev.slimfit.core.decode.ParetoCurve;
import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.FitQuality;
import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.latency.SimulatedDevice;
import dev.slimfit.core.sample.ActiveSampler;
import dev.slimfit.core.sample.CoverageSampler;
import dev.slimfit.core.sample.UniformSampler;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark of search-core on the mobilenet-v1-224 space with a random latency table (bench/search-core/run.sh).
 * Not a test: timings depend on the machine. Prints medians after warm-up.
 */
public final class SearchCoreBench {

    private static final double[] BUDGET_SHARES = {0.2, 0.4, 0.6, 0.8};

    private SearchCoreBench() {
    }

    /** Random AOWS-shaped problems (fresh unaries, random budget) per cost table in the optimality comparison. */
    private static final int OPTIMALITY_PROBLEMS = 500;

    public static void main(String[] args) {
        int fitSamples = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        boolean decodersOnly = args.length > 1 && args[1].equals("decoders");
        SearchSpace space = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();
        LatencyCells cells = LatencyCells.of(space);
        System.out.printf("search-core benchmark on %s: %d layers, %d latency unknowns for %d chain cells%n",
                space.name(), space.layerCount(), cells.unknownCount(), cells.chainCellCount());
        System.out.printf("JVM %s, %d processors%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors());

        SimulatedDevice device = new SimulatedDevice(space, 2024, 0.3, 0.02);
        ChainCostTable latency = device.planted().toCostTable();
        decoders(space, latency);
        exactCurve(space, "MAC table", CostTables.macs(space), "MACs");
        exactCurve(space, "simulated latency table", latency, "ms");
        if (decodersOnly) {
            return;
        }
        fit(space, device, fitSamples);
        samplers(space);
    }

    private static void decoders(SearchSpace space, ChainCostTable latency) {
        Random random = new Random(7);
        double min = latency.minimumCost();
        double max = latency.maximumCost();
        List<ChainProblem> problems = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            problems.add(ChainProblem.of(randomUnaries(space, random), latency));
        }
        LagrangianDecoder lagrangian = new LagrangianDecoder();
        ExactBudgetDecoder exact = ExactBudgetDecoder.atResolution(0.005);
        System.out.printf("Decoders: random table, latency range %.2f..%.2f ms, budgets at %s of the range, 20 random"
                + " unary sets%n", min, max, Arrays.toString(BUDGET_SHARES));

        // Warm-up, then one timed decode per (problem, budget), repeated.
        for (int round = 0; round < 30; round++) {
            for (ChainProblem problem : problems) {
                for (double share : BUDGET_SHARES) {
                    lagrangian.decode(problem, min + share * (max - min));
                    if (round < 5) {
                        exact.decode(problem, min + share * (max - min));
                    }
                }
            }
        }
        List<Double> lagrangianMs = new ArrayList<>();
        List<Double> exactMs = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        int exactBetter = 0;
        for (int round = 0; round < 10; round++) {
            for (ChainProblem problem : problems) {
                for (double share : BUDGET_SHARES) {
                    double budget = min + share * (max - min);
                    long start = System.nanoTime();
                    BudgetDecode fast = lagrangian.decode(problem, budget);
                    long middle = System.nanoTime();
                    BudgetDecode slow = exact.decode(problem, budget);
                    long end = System.nanoTime();
                    lagrangianMs.add((middle - start) / 1e6);
                    exactMs.add((end - middle) / 1e6);
                    if (round == 0) {
                        double a = ((BudgetDecode.Feasible) fast).decoded().unaryScore();
                        double b = ((BudgetDecode.Feasible) slow).decoded().unaryScore();
                        gaps.add(b - a);
                        exactBetter += b > a + 1e-12 ? 1 : 0;
                    }
                }
            }
        }
        System.out.printf("  Lagrangian decode (12 bisection steps):    median %.3f ms, p90 %.3f ms over %d decodes%n",
                median(lagrangianMs), percentile(lagrangianMs, 0.9), lagrangianMs.size());
        System.out.printf("  Discretised decode (step 0.5%% of budget): median %.3f ms, p90 %.3f ms over %d decodes%n",
                median(exactMs), percentile(exactMs, 0.9), exactMs.size());
        System.out.printf("  Discretised beat Lagrangian on %d of %d (problem, budget) pairs; mean score gain %.4f, max %.4f"
                + " (unary scale: sum of 14 log-width ratios)%n%n", exactBetter, gaps.size(),
                gaps.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                gaps.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /**
     * The exact curve decoder on one table: build time of the whole curve and of the curve up to a budget, its size,
     * lookup time, the Lagrangian and 0.5% decoders' times on the same problems, then on fresh random problems how
     * often each decoder returns the true optimum and how much of the budget it spends.
     */
    private static void exactCurve(SearchSpace space, String label, ChainCostTable table, String unit) {
        Random random = new Random(17);
        double min = table.minimumCost();
        double max = table.maximumCost();
        List<ChainProblem> problems = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            problems.add(ChainProblem.of(randomUnaries(space, random), table));
        }
        LagrangianDecoder lagrangian = new LagrangianDecoder();
        ExactBudgetDecoder discretised = ExactBudgetDecoder.atResolution(0.005);
        System.out.printf("Exact curve decoder on the %s (%s %.6g..%.6g), 20 random unary sets%n", label, unit, min,
                max);
        for (int round = 0; round < 15; round++) {
            for (ChainProblem problem : problems) {
                ParetoCurve.of(problem);
                for (double share : BUDGET_SHARES) {
                    double budget = min + share * (max - min);
                    ParetoCurve.upTo(problem, budget);
                    lagrangian.decode(problem, budget);
                    discretised.decode(problem, budget);
                }
            }
        }
        List<Double> wholeMs = new ArrayList<>();
        List<Double> upToMs = new ArrayList<>();
        List<Double> lagrangianMs = new ArrayList<>();
        List<Double> discretisedMs = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        List<Double> pairs = new ArrayList<>();
        List<ParetoCurve> curves = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (ChainProblem problem : problems) {
                long start = System.nanoTime();
                ParetoCurve curve = ParetoCurve.of(problem);
                wholeMs.add((System.nanoTime() - start) / 1e6);
                if (round == 0) {
                    curves.add(curve);
                    sizes.add((double) curve.size());
                    pairs.add((double) curve.pairCount());
                }
                for (double share : BUDGET_SHARES) {
                    double budget = min + share * (max - min);
                    long t0 = System.nanoTime();
                    ParetoCurve.upTo(problem, budget);
                    long t1 = System.nanoTime();
                    lagrangian.decode(problem, budget);
                    long t2 = System.nanoTime();
                    discretised.decode(problem, budget);
                    long t3 = System.nanoTime();
                    upToMs.add((t1 - t0) / 1e6);
                    lagrangianMs.add((t2 - t1) / 1e6);
                    discretisedMs.add((t3 - t2) / 1e6);
                }
            }
        }
        // Lookups: a million random budgets per timing pass over the 20 curves.
        double[] budgets = new double[1 << 16];
        for (int k = 0; k < budgets.length; k++) {
            budgets[k] = min + random.nextDouble() * (max - min);
        }
        double checksum = 0;
        List<Double> lookupUs = new ArrayList<>();
        for (int pass = 0; pass < 8; pass++) {
            int lookups = 0;
            long start = System.nanoTime();
            for (ParetoCurve curve : curves) {
                for (int k = 0; k < 50_000; k++) {
                    if (curve.lookup(budgets[k & (budgets.length - 1)]) instanceof BudgetDecode.Feasible feasible) {
                        checksum += feasible.decoded().unaryScore();
                    }
                    lookups++;
                }
            }
            double us = (System.nanoTime() - start) / 1e3 / lookups;
            if (pass >= 3) {
                lookupUs.add(us);
            }
        }
        System.out.printf("  whole curve build:           median %.3f ms, p90 %.3f ms over %d builds; %.0f points"
                        + " (median; %.0f..%.0f), %.0f pairs held by all states (median)%n", median(wholeMs),
                percentile(wholeMs, 0.9), wholeMs.size(), median(sizes), min(sizes), max(sizes), median(pairs));
        System.out.printf("  curve up to the budget:      median %.3f ms, p90 %.3f ms over %d builds (budgets at %s of"
                + " the range; what WidthDecoder builds)%n", median(upToMs), percentile(upToMs, 0.9), upToMs.size(),
                Arrays.toString(BUDGET_SHARES));
        System.out.printf("  lookup on a built curve:     median %.3f us per lookup (%d passes of 1,000,000; checksum"
                + " %.1f)%n", median(lookupUs), lookupUs.size(), checksum);
        System.out.printf("  Lagrangian decode:           median %.3f ms, p90 %.3f ms over %d decodes%n",
                median(lagrangianMs), percentile(lagrangianMs, 0.9), lagrangianMs.size());
        System.out.printf("  0.5%% discretised decode:     median %.3f ms, p90 %.3f ms over %d decodes%n",
                median(discretisedMs), percentile(discretisedMs, 0.9), discretisedMs.size());
        optimality(space, table, random);
        System.out.println();
    }

    /** Fresh random AOWS-shaped problems at random budgets: share at the true optimum, budget share spent. */
    private static void optimality(SearchSpace space, ChainCostTable table, Random random) {
        double min = table.minimumCost();
        double max = table.maximumCost();
        String[] names = {"exact curve", "0.5% discretised", "Lagrangian"};
        BudgetDecoder[] decoders = {new ExactCurveDecoder(), ExactBudgetDecoder.atResolution(0.005),
                new LagrangianDecoder()};
        int[] optimal = new int[decoders.length];
        List<List<Double>> spent = new ArrayList<>();
        List<List<Double>> gaps = new ArrayList<>();
        for (int d = 0; d < decoders.length; d++) {
            spent.add(new ArrayList<>());
            gaps.add(new ArrayList<>());
        }
        List<Double> optimumSpent = new ArrayList<>();
        int oracleAgrees = 0;
        for (int n = 0; n < OPTIMALITY_PROBLEMS; n++) {
            ChainProblem problem = ChainProblem.of(randomUnaries(space, random), table);
            double budget = min + (0.02 + 0.96 * random.nextDouble()) * (max - min);
            // The truth: the whole curve looked up, checked against the independent branch-and-bound oracle.
            Decoded truth = ((BudgetDecode.Feasible) ParetoCurve.of(problem).lookup(budget)).decoded();
            oracleAgrees += BranchAndBoundOracle.bestScoreWithin(problem, budget) == truth.unaryScore() ? 1 : 0;
            optimumSpent.add(truth.cost() / budget);
            for (int d = 0; d < decoders.length; d++) {
                Decoded decoded = ((BudgetDecode.Feasible) decoders[d].decode(problem, budget)).decoded();
                if (decoded.cost() > budget) {
                    throw new IllegalStateException(names[d] + " returned an infeasible decode");
                }
                optimal[d] += decoded.unaryScore() == truth.unaryScore() ? 1 : 0;
                spent.get(d).add(decoded.cost() / budget);
                gaps.get(d).add(truth.unaryScore() - decoded.unaryScore());
            }
        }
        System.out.printf("  optimality on %d fresh random problems, budgets uniform in 2..98%% of the range"
                        + " (truth = the whole curve; branch-and-bound oracle agrees on %d of %d):%n",
                OPTIMALITY_PROBLEMS, oracleAgrees, OPTIMALITY_PROBLEMS);
        System.out.printf("    %-17s at the true optimum %5.1f%%, median budget spent %.2f%%, mean score gap %.4f,"
                        + " max %.4f%n", "optimum", 100.0, 100 * median(optimumSpent), 0.0, 0.0);
        for (int d = 0; d < decoders.length; d++) {
            System.out.printf("    %-17s at the true optimum %5.1f%%, median budget spent %.2f%%, mean score gap %.4f,"
                            + " max %.4f%n", names[d], 100.0 * optimal[d] / OPTIMALITY_PROBLEMS,
                    100 * median(spent.get(d)), gaps.get(d).stream().mapToDouble(Double::doubleValue).average().orElse(0),
                    gaps.get(d).stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
    }

    private static void fit(SearchSpace space, SimulatedDevice device, int samples) {
        Random random = new Random(11);
        UniformSampler uniform = new UniformSampler(space, random);
        List<Measurement> training = device.measureAll(uniform.next(samples));
        List<Measurement> validation = device.measureAll(uniform.next(1000));
        List<Measurement> truth = new ArrayList<>();
        for (int[] widths : uniform.next(1000)) {
            truth.add(new Measurement(widths, device.planted().predictMs(widths)));
        }
        System.out.printf("Fit: %d uniform training measurements (2%% noise), 1,000 validation, K grid %s%n",
                samples, FitOptions.defaults().penaltyGrid());
        List<Double> seconds = new ArrayList<>();
        FitResult result = null;
        for (int run = 0; run < 4; run++) {
            long start = System.nanoTime();
            result = LatencyFitter.fit(space, training, validation, FitOptions.defaults());
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (run > 0) {
                seconds.add(elapsed);
            } else {
                System.out.printf("  first (cold JVM) fit %.2f s%n", elapsed);
            }
        }
        System.out.printf("  fit time: median %.2f s over %d warm runs (K grid of %d, one Cholesky of %d x %d)%n",
                median(seconds), seconds.size(), FitOptions.defaults().penaltyGrid().size(),
                LatencyCells.of(space).unknownCount() + 1, LatencyCells.of(space).unknownCount() + 1);
        System.out.printf("  chosen K %.4g; trials:", result.penaltyK());
        result.trials().forEach(t -> System.out.printf(" [K=%.4g: validation RMSE %.4f ms, %d iterations%s]",
                t.penaltyK(), t.validationRmseMs(), t.iterations(), t.converged() ? "" : ", NOT converged"));
        System.out.println();
        System.out.println("  validation (noisy, held out): " + result.validation());
        System.out.println("  vs noiseless planted table:   " + FitQuality.evaluate(result.table(), truth));
        System.out.println();
    }

    private static void samplers(SearchSpace space) {
        CoverageSampler coverage = new CoverageSampler(space, new Random(3));
        long start = System.nanoTime();
        int count = 0;
        while (coverage.uncoveredCount() > 0) {
            coverage.next();
            count++;
        }
        double coverageMs = (System.nanoTime() - start) / 1e6;
        ActiveSampler active = new ActiveSampler(space, new Random(4));
        active.next(20);
        start = System.nanoTime();
        active.next(100);
        double activeMs = (System.nanoTime() - start) / 1e6 / 100;
        System.out.printf("Samplers: coverage sampler covered all unknowns in %d configurations (%.2f ms each);"
                + " active sampler %.1f ms per pick%n", count, coverageMs / count, activeMs);
    }

    private static double[][] randomUnaries(SearchSpace space, Random random) {
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

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double share) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(share * sorted.length))];
    }
}
