package dev.slimfit.worker.search.bench;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.sample.CoverageSampler;
import dev.slimfit.core.sample.UniformSampler;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;
import dev.slimfit.worker.search.BudgetCost;
import dev.slimfit.worker.search.DjlSearchEngine;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Search quality on this machine (bench/worker/quality.sh): a latency table for fmnist-small measured here and
 * fitted with search-core, then at two latency budgets AOWS, the uniform baseline and random search, all with the
 * same data and epochs, each final network's test accuracy and measured latency side by side. Not a test.
 * <p>
 * Random search: {@code k} configurations drawn uniformly among those the table predicts within the budget, each
 * trained from scratch exactly like the uniform baseline (search epochs plus final epochs), the one with the best
 * validation accuracy kept: k times the baseline's training, no supernet.
 * <p>
 * Arguments (all optional, in order): trainImages 20000, searchEpochs 8, finalEpochs 4, latencySamples 150,
 * randomCandidates 3, seed 1, threads 2 (training), latencyThreads 1 (timing: the latency table and the final
 * measurements both use it; on a shared 2-core machine a 2-thread timing mostly measures when the other thread
 * gets scheduled).
 */
public final class QualityBench {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final double[] BUDGET_FRACTIONS = {0.3, 0.6};
    private static final int BATCH_SIZE = 128;

    private QualityBench() {
    }

    private record Row(double budgetMs, String method, int[] widths, long macs, double predictedMs,
                       double measuredMs, double testAccuracy, double validationAccuracy, double trainSeconds) {
    }

    public static void main(String[] args) throws IOException {
        int trainImages = intArg(args, 0, 20_000);
        int searchEpochs = intArg(args, 1, 8);
        int finalEpochs = intArg(args, 2, 4);
        int latencySamples = intArg(args, 3, 150);
        int randomCandidates = intArg(args, 4, 3);
        long seed = intArg(args, 5, 1);
        int threads = intArg(args, 6, 2);
        int latencyThreads = intArg(args, 7, 1);
        OfflinePyTorch.engine();
        EngineThreads.setIntraOp(threads);
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "# fmnist-small quality bench: trainImages=%d searchEpochs=%d finalEpochs=%d"
                        + " batch=%d latencySamples=%d randomCandidates=%d seed=%d threads=%d latencyThreads=%d%n",
                trainImages, searchEpochs, finalEpochs, BATCH_SIZE, latencySamples, randomCandidates, seed, threads,
                latencyThreads);

        TimingOptions tableTiming = new TimingOptions(64, 5, 40, latencyThreads);
        LatencyTable table = fitTable(latencySamples, seed, new LatencyTimer(tableTiming));
        ChainCostTable latency = table.toCostTable();
        TimingOptions finalTiming = new TimingOptions(64, 10, 60, latencyThreads);
        EngineSettings settings = EngineSettings.defaults().withIntraOpThreads(threads);
        TrainingSettings training = new TrainingSettings(searchEpochs, finalEpochs, BATCH_SIZE, seed, trainImages);
        List<Row> rows = new ArrayList<>();
        for (double fraction : BUDGET_FRACTIONS) {
            double budgetMs = latency.minimumCost() + fraction * (latency.maximumCost() - latency.minimumCost());
            BudgetCost budget = new BudgetCost(Budget.Kind.LATENCY, budgetMs, latency, table);
            System.out.printf(Locale.ROOT, "## budget %.3f ms per batch of 64 (%.0f%% of the predicted range)%n",
                    budgetMs, 100 * fraction);
            for (SearchMethod method : new SearchMethod[] {SearchMethod.AOWS, SearchMethod.UNIFORM}) {
                SearchOutcome outcome = run(settings, SPACE, method, training, budget);
                System.out.printf(Locale.ROOT, "   %s metrics %s%n", method, outcome.metrics());
                rows.add(row(budgetMs, method.name(), outcome, table));
                log(rows.get(rows.size() - 1));
            }
            rows.add(randomSearch(settings, training, budget, table, randomCandidates, seed));
            log(rows.get(rows.size() - 1));
        }
        measureFinalNetworks(rows, new LatencyTimer(finalTiming));
        print(rows, (System.nanoTime() - started) / 1e9);
    }

    private static LatencyTable fitTable(int samples, long seed, LatencyTimer timer) {
        long started = System.nanoTime();
        CoverageSampler coverage = new CoverageSampler(SPACE, new Random(seed));
        UniformSampler uniform = new UniformSampler(SPACE, new Random(seed + 1));
        List<Measurement> training = new ArrayList<>();
        List<Measurement> validation = new ArrayList<>();
        for (int n = 0; n < samples; n++) {
            int[] widths = coverage.next();
            training.add(new Measurement(widths, timer.measure(SPACE, widths).medianMsPerBatch()));
        }
        for (int n = 0; n < Math.max(10, samples / 4); n++) {
            int[] widths = uniform.next();
            validation.add(new Measurement(widths, timer.measure(SPACE, widths).medianMsPerBatch()));
        }
        FitResult fit = LatencyFitter.fit(SPACE, training, validation, FitOptions.defaults());
        System.out.printf(Locale.ROOT, "latency table: %d coverage-sampled configurations timed (batch 64, 5+40 runs),"
                        + " %d uniform ones held out, %.0f s; held-out fit: %s%n", training.size(), validation.size(),
                (System.nanoTime() - started) / 1e9, fit.validation());
        return fit.table();
    }

    private static SearchOutcome run(EngineSettings settings, SearchSpace space, SearchMethod method,
                                     TrainingSettings training, BudgetCost budget) throws IOException {
        Path workDir = Files.createTempDirectory("slimfit-quality-");
        SearchRequest request = new SearchRequest(UUID.randomUUID(), method, space, "fashion-mnist", training, budget,
                workDir, 1);
        try {
            return new DjlSearchEngine(settings).run(request, QUIET);
        } finally {
            try (var files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Listens to nothing and never stops a run. */
    private static final SearchListener QUIET = new SearchListener() {
        @Override
        public Stop stopRequested() {
            return Stop.NONE;
        }

        @Override
        public void progress(JobProgress progress) {
        }

        @Override
        public void checkpointed(int epoch) {
        }
    };

    /** Best of {@code k} random feasible configurations, each trained from scratch like the uniform baseline. */
    private static Row randomSearch(EngineSettings settings, TrainingSettings training, BudgetCost budget,
                                    LatencyTable table, int k, long seed) throws IOException {
        Random random = new Random(seed * 31 + (long) budget.limit());
        UniformSampler sampler = new UniformSampler(SPACE, random);
        Row best = null;
        double seconds = 0;
        for (int candidate = 0; candidate < k; candidate++) {
            int[] widths;
            do {
                widths = sampler.next();
            } while (table.predictMs(widths) > budget.limit());
            SearchSpace fixed = fixedSpace(widths);
            ChainCostTable fixedMacs = CostTables.macs(fixed);
            SearchOutcome outcome = run(settings, fixed, SearchMethod.UNIFORM, training,
                    new BudgetCost(Budget.Kind.MACS, fixedMacs.minimumCost(), fixedMacs, null));
            Row row = new Row(budget.limit(), "RANDOM", widths, NetworkCost.macs(SPACE, widths),
                    table.predictMs(widths), Double.NaN, outcome.testAccuracy(),
                    outcome.metrics().get("validationAccuracy"), outcome.metrics().get("trainSeconds"));
            seconds += row.trainSeconds();
            System.out.printf(Locale.ROOT, "   random candidate %s: validation %.4f%n", Arrays.toString(widths),
                    row.validationAccuracy());
            if (best == null || row.validationAccuracy() > best.validationAccuracy()) {
                best = row;
            }
        }
        return new Row(best.budgetMs(), "RANDOM(best of " + k + ")", best.widths(), best.macs(), best.predictedMs(),
                Double.NaN, best.testAccuracy(), best.validationAccuracy(), seconds);
    }

    /** The space whose only configuration is {@code widths}: trains one given network through the engine. */
    private static SearchSpace fixedSpace(int[] widths) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            LayerSpec layer = SPACE.layer(i);
            layers.add(new LayerSpec(layer.kind(), layer.kernel(), layer.stride(), layer.inputResolution(), widths[i],
                    List.of(widths[i])));
        }
        return new SearchSpace(SPACE.name() + "-fixed", "one configuration of " + SPACE.name(), SPACE.inputChannels(),
                SPACE.inputResolution(), SPACE.classCount(), layers);
    }

    private static Row row(double budgetMs, String method, SearchOutcome outcome, LatencyTable table) {
        double seconds = outcome.metrics().getOrDefault("searchSeconds", 0.0)
                + outcome.metrics().getOrDefault("fineTuneSeconds", 0.0)
                + outcome.metrics().getOrDefault("trainSeconds", 0.0);
        return new Row(budgetMs, method, outcome.widths(), outcome.macs(), table.predictMs(outcome.widths()),
                Double.NaN, outcome.testAccuracy(), outcome.metrics().get("validationAccuracy"), seconds);
    }

    /** Times every final network three times, interleaved, and keeps the median of the three medians. */
    private static void measureFinalNetworks(List<Row> rows, LatencyTimer timer) {
        double[][] samples = new double[rows.size()][3];
        for (int round = 0; round < 3; round++) {
            for (int r = 0; r < rows.size(); r++) {
                samples[r][round] = timer.measure(SPACE, rows.get(r).widths()).medianMsPerBatch();
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            double[] sorted = samples[r].clone();
            Arrays.sort(sorted);
            Row row = rows.get(r);
            rows.set(r, new Row(row.budgetMs(), row.method(), row.widths(), row.macs(), row.predictedMs(), sorted[1],
                    row.testAccuracy(), row.validationAccuracy(), row.trainSeconds()));
        }
    }

    private static void log(Row row) {
        System.out.printf(Locale.ROOT, "   %-20s %-22s test %.4f validation %.4f (%.0f s training)%n", row.method(),
                Arrays.toString(row.widths()), row.testAccuracy(), row.validationAccuracy(), row.trainSeconds());
    }

    private static void print(List<Row> rows, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %-20s %-22s %9s %12s %12s %9s %10s%n", "budget ms", "method", "widths",
                "MACs", "predicted ms", "measured ms", "test acc", "train s");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-10.3f %-20s %-22s %9d %12.3f %12.3f %9.4f %10.0f%n", row.budgetMs(),
                    row.method(), Arrays.toString(row.widths()), row.macs(), row.predictedMs(), row.measuredMs(),
                    row.testAccuracy(), row.trainSeconds());
        }
        System.out.printf(Locale.ROOT, "(latency: median ms per batch of 64 on this CPU, LatencyTimer 10+60 runs,"
                + " median of 3 interleaved measurements; test accuracy on Fashion-MNIST's 10,000 test images;"
                + " total %.0f s)%n", seconds);
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
