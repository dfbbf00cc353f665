package dev.slimfit.core.bench;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.decode.BudgetDecode;
import dev.slimfit.core.decode.ChainProblem;
import dev.slimfit.core.decode.ExactBudgetDecoder;
import dev.slimfit.core.decode.LagrangianDecoder;
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

    public static void main(String[] args) {
        int fitSamples = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        SearchSpace space = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();
        LatencyCells cells = LatencyCells.of(space);
        System.out.printf("search-core benchmark on %s: %d layers, %d latency unknowns for %d chain cells%n",
                space.name(), space.layerCount(), cells.unknownCount(), cells.chainCellCount());
        System.out.printf("JVM %s, %d processors%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors());

        SimulatedDevice device = new SimulatedDevice(space, 2024, 0.3, 0.02);
        ChainCostTable latency = device.planted().toCostTable();
        decoders(space, latency);
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
        System.out.printf("  Lagrangian decode (12 bisection steps): median %.3f ms, p90 %.3f ms over %d decodes%n",
                median(lagrangianMs), percentile(lagrangianMs, 0.9), lagrangianMs.size());
        System.out.printf("  Exact decode (step 0.5%% of budget):    median %.3f ms, p90 %.3f ms over %d decodes%n",
                median(exactMs), percentile(exactMs, 0.9), exactMs.size());
        System.out.printf("  Exact beat Lagrangian on %d of %d (problem, budget) pairs; mean score gain %.4f, max %.4f"
                + " (unary scale: sum of 14 log-width ratios)%n%n", exactBetter, gaps.size(),
                gaps.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                gaps.stream().mapToDouble(Double::doubleValue).max().orElse(0));
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

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double share) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(share * sorted.length))];
    }
}
