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
import dev.slimfit.core.cost.BudgetCost;
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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Search quality on this machine (bench/worker/quality.sh): a latency table for fmnist-small measured here and
 * fitted with search-core, then, at the latency of uniform-multiplier networks (so the baseline spends exactly the
 * budget and the comparison is at equal latency), AOWS, the uniform baseline, the AOWS architecture trained from
 * scratch like the baseline, and random search, for several seeds, with the same data and epochs; each final
 * network's test accuracy and measured latency side by side, then means over the seeds. Not a test.
 * <p>
 * Random search: {@code k} configurations drawn uniformly among those the table predicts within the budget, each
 * trained from scratch exactly like the uniform baseline (search epochs plus final epochs), the one with the best
 * validation accuracy kept: k times the baseline's training, no supernet.
 * <p>
 * Arguments (all optional, in order): trainImages 20000, searchEpochs 8, finalEpochs 8, latencySamples 300,
 * randomCandidates 2, seeds 1,2,3, threads 2 (training), latencyThreads 1 (timing: the latency table and the final
 * measurements both use it; on a shared 2-core machine a 2-thread timing mostly measures when the other thread
 * gets scheduled), multipliers 0.5,0.75 (the uniform networks whose predicted latency is a budget), distillation
 * weights of the AOWS fine-tune (default: the engine's; a list runs one AOWS per weight), reference multipliers
 * 1.0 (uniform networks trained alone, so that the uniform accuracy-latency curve spans the searched networks).
 */
public final class QualityBench {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final int BATCH_SIZE = 128;
    /** fmnist-small's width choices are base x 0.25, 0.5, ..., 1.5. */
    private static final double MULTIPLIER_STEP = 0.25;
    /** Passes over the table's configurations; each keeps its lowest figure. */
    private static final int TABLE_PASSES = 3;
    /** Interleaved passes of the fresh-process timing of the final networks. */
    private static final int FINAL_PASSES = 5;

    private QualityBench() {
    }

    private record Row(double budgetMs, long seed, String method, int[] widths, long macs, double predictedMs,
                       double measuredMs, double testAccuracy, double validationAccuracy, double trainSeconds) {

        Row measured(double ms) {
            return new Row(budgetMs, seed, method, widths, macs, predictedMs, ms, testAccuracy, validationAccuracy,
                    trainSeconds);
        }
    }

    public static void main(String[] args) throws IOException {
        int trainImages = intArg(args, 0, 20_000);
        int searchEpochs = intArg(args, 1, 8);
        int finalEpochs = intArg(args, 2, 8);
        int latencySamples = intArg(args, 3, 300);
        int randomCandidates = intArg(args, 4, 2);
        long[] seeds = Arrays.stream(listArg(args, 5, "1,2,3")).mapToLong(Math::round).toArray();
        int threads = intArg(args, 6, 2);
        int latencyThreads = intArg(args, 7, 1);
        double[] multipliers = listArg(args, 8, "0.5,0.75");
        EngineSettings settings = EngineSettings.defaults().withIntraOpThreads(threads);
        double[] distillation = listArg(args, 9, Double.toString(settings.distillationWeight()));
        double[] references = listArg(args, 10, "1.0");
        OfflinePyTorch.engine();
        EngineThreads.setIntraOp(threads);
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "# fmnist-small quality bench: trainImages=%d searchEpochs=%d finalEpochs=%d"
                        + " batch=%d latencySamples=%d randomCandidates=%d seeds=%s threads=%d latencyThreads=%d"
                        + " multipliers=%s distillation=%s (temperature %.1f)%n",
                trainImages, searchEpochs, finalEpochs, BATCH_SIZE, latencySamples, randomCandidates,
                Arrays.toString(seeds), threads, latencyThreads, Arrays.toString(multipliers),
                Arrays.toString(distillation), settings.distillationTemperature());

        TimingOptions tableTiming = new TimingOptions(64, 5, 40, latencyThreads);
        LatencyTable table = fitTable(latencySamples, seeds[0], new LatencyTimer(tableTiming));
        ChainCostTable latency = table.toCostTable();
        List<Row> rows = new ArrayList<>();
        for (double multiplier : multipliers) {
            // The uniform network's own predicted latency, a hair above so that float rounding cannot exclude it.
            double budgetMs = latency.cost(uniformChoices(multiplier)) * (1 + 1e-9);
            BudgetCost budget = new BudgetCost(Budget.Kind.LATENCY, budgetMs, latency, table);
            System.out.printf(Locale.ROOT, "## budget %.3f ms per batch of 64: the predicted latency of the uniform"
                    + " x%.2f network%n", budgetMs, multiplier);
            for (long seed : seeds) {
                TrainingSettings training = new TrainingSettings(searchEpochs, finalEpochs, BATCH_SIZE, seed,
                        trainImages);
                int[] searched = null;
                for (double weight : distillation) {
                    EngineSettings aowsSettings = settings.withDistillation(weight,
                            settings.distillationTemperature());
                    SearchOutcome outcome = run(aowsSettings, SPACE, SearchMethod.AOWS, training, budget);
                    System.out.printf(Locale.ROOT, "   AOWS seed %d metrics %s%n", seed, outcome.metrics());
                    String name = distillation.length == 1 ? "AOWS" : String.format(Locale.ROOT, "AOWS kd=%.2f",
                            weight);
                    rows.add(log(row(budgetMs, seed, name, outcome, table)));
                    searched = searched == null ? outcome.widths() : searched;
                }
                SearchOutcome uniform = run(settings, SPACE, SearchMethod.UNIFORM, training, budget);
                rows.add(log(row(budgetMs, seed, "UNIFORM", uniform, table)));
                rows.add(log(fromScratch(settings, training, budgetMs, seed, "AOWS widths, scratch", searched,
                        table)));
                if (randomCandidates > 0) {
                    rows.add(log(randomSearch(settings, training, budget, table, randomCandidates, seed)));
                }
            }
        }
        for (double multiplier : references) {
            double budgetMs = latency.cost(uniformChoices(multiplier)) * (1 + 1e-9);
            System.out.printf(Locale.ROOT, "## reference: the uniform x%.2f network alone (%.3f ms predicted)%n",
                    multiplier, budgetMs);
            for (long seed : seeds) {
                TrainingSettings training = new TrainingSettings(searchEpochs, finalEpochs, BATCH_SIZE, seed,
                        trainImages);
                SearchOutcome uniform = run(settings, SPACE, SearchMethod.UNIFORM, training,
                        new BudgetCost(Budget.Kind.LATENCY, budgetMs, latency, table));
                rows.add(log(row(budgetMs, seed, "UNIFORM", uniform, table)));
            }
        }
        measureFinalNetworks(rows, latencyThreads);
        print(rows, (System.nanoTime() - started) / 1e9);
        summarize(rows);
    }

    private static int[] uniformChoices(double multiplier) {
        int[] choices = new int[SPACE.layerCount()];
        Arrays.fill(choices, (int) Math.round(multiplier / MULTIPLIER_STEP) - 1);
        return choices;
    }

    /**
     * Times {@code samples} coverage-sampled configurations and a quarter as many uniform ones (held out), and fits
     * the table. The machine is shared and bursts of load come and go, so the process first warms up on throwaway
     * timings, then every configuration is timed in {@link #TABLE_PASSES} passes over the whole list and keeps the
     * lowest figure: a
     * burst rarely hits the same configuration twice.
     */
    static LatencyTable fitTable(int samples, long seed, LatencyTimer timer) {
        long started = System.nanoTime();
        CoverageSampler coverage = new CoverageSampler(SPACE, new Random(seed));
        UniformSampler uniform = new UniformSampler(SPACE, new Random(seed + 1));
        List<int[]> fitted = new ArrayList<>();
        List<int[]> heldOut = new ArrayList<>();
        for (int n = 0; n < samples; n++) {
            fitted.add(coverage.next());
        }
        for (int n = 0; n < Math.max(10, samples / 4); n++) {
            heldOut.add(uniform.next());
        }
        UniformSampler warmUp = new UniformSampler(SPACE, new Random(seed + 2));
        for (int n = 0; n < 20; n++) {
            timer.measure(SPACE, warmUp.next());
        }
        List<int[]> all = new ArrayList<>(fitted);
        all.addAll(heldOut);
        double[] best = NetworkTiming.lowestOfPasses(timer, SPACE, all, TABLE_PASSES);
        List<Measurement> training = new ArrayList<>();
        List<Measurement> validation = new ArrayList<>();
        for (int n = 0; n < all.size(); n++) {
            (n < fitted.size() ? training : validation).add(new Measurement(all.get(n), best[n]));
        }
        FitResult fit = LatencyFitter.fit(SPACE, training, validation, FitOptions.defaults());
        System.out.printf(Locale.ROOT, "latency table: %d coverage-sampled configurations timed (batch 64, 5+40 runs,"
                        + " p10, lowest of %d passes), %d uniform ones held out, %.0f s; held-out fit: %s%n",
                training.size(), TABLE_PASSES, validation.size(), (System.nanoTime() - started) / 1e9,
                fit.validation());
        return fit.table();
    }

    static SearchOutcome run(EngineSettings settings, SearchSpace space, SearchMethod method,
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

    /** {@code widths} trained from scratch exactly like the uniform baseline (a one-configuration space). */
    private static Row fromScratch(EngineSettings settings, TrainingSettings training, double budgetMs, long seed,
                                   String method, int[] widths, LatencyTable table) throws IOException {
        SearchSpace fixed = fixedSpace(widths);
        ChainCostTable fixedMacs = CostTables.macs(fixed);
        SearchOutcome outcome = run(settings, fixed, SearchMethod.UNIFORM, training,
                new BudgetCost(Budget.Kind.MACS, fixedMacs.minimumCost(), fixedMacs, null));
        return new Row(budgetMs, seed, method, widths, NetworkCost.macs(SPACE, widths), table.predictMs(widths),
                Double.NaN, outcome.testAccuracy(), outcome.metrics().get("validationAccuracy"),
                outcome.metrics().get("trainSeconds"));
    }

    /** Best of {@code k} random feasible configurations, each trained from scratch like the uniform baseline. */
    private static Row randomSearch(EngineSettings settings, TrainingSettings training, BudgetCost budget,
                                    LatencyTable table, int k, long seed) throws IOException {
        Random random = new Random(seed * 31 + (long) (1000 * budget.limit()));
        UniformSampler sampler = new UniformSampler(SPACE, random);
        Row best = null;
        double seconds = 0;
        for (int candidate = 0; candidate < k; candidate++) {
            int[] widths;
            do {
                widths = sampler.next();
            } while (table.predictMs(widths) > budget.limit());
            Row row = fromScratch(settings, training, budget.limit(), seed, "RANDOM", widths, table);
            seconds += row.trainSeconds();
            System.out.printf(Locale.ROOT, "   random candidate %s: validation %.4f%n", Arrays.toString(widths),
                    row.validationAccuracy());
            if (best == null || row.validationAccuracy() > best.validationAccuracy()) {
                best = row;
            }
        }
        return new Row(best.budgetMs(), seed, "RANDOM best of " + k, best.widths(), best.macs(), best.predictedMs(),
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

    private static Row row(double budgetMs, long seed, String method, SearchOutcome outcome, LatencyTable table) {
        double seconds = outcome.metrics().getOrDefault("searchSeconds", 0.0)
                + outcome.metrics().getOrDefault("fineTuneSeconds", 0.0)
                + outcome.metrics().getOrDefault("trainSeconds", 0.0);
        return new Row(budgetMs, seed, method, outcome.widths(), outcome.macs(), table.predictMs(outcome.widths()),
                Double.NaN, outcome.testAccuracy(), outcome.metrics().get("validationAccuracy"), seconds);
    }

    /**
     * Times every distinct final network in a fresh process ({@link NetworkTiming}: warm-up, then the lowest 10th
     * percentile of {@link #FINAL_PASSES} interleaved passes), as the latency table was timed.
     */
    private static void measureFinalNetworks(List<Row> rows, int threads) throws IOException {
        Map<String, Double> measured = NetworkTiming.inFreshProcess(rows.stream().map(Row::widths).toList(), threads,
                FINAL_PASSES);
        for (int r = 0; r < rows.size(); r++) {
            rows.set(r, rows.get(r).measured(measured.get(NetworkTiming.joined(rows.get(r).widths()))));
        }
    }

    private static Row log(Row row) {
        System.out.printf(Locale.ROOT, "   seed %d %-22s %-22s test %.4f validation %.4f (%.0f s training)%n",
                row.seed(), row.method(), Arrays.toString(row.widths()), row.testAccuracy(), row.validationAccuracy(),
                row.trainSeconds());
        return row;
    }

    private static void print(List<Row> rows, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %-5s %-22s %-22s %9s %10s %10s %9s %8s%n", "budget ms", "seed",
                "method", "widths", "MACs", "pred. ms", "meas. ms", "test acc", "train s");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-10.3f %-5d %-22s %-22s %9d %10.3f %10.3f %9.4f %8.0f%n",
                    row.budgetMs(), row.seed(), row.method(), Arrays.toString(row.widths()), row.macs(),
                    row.predictedMs(), row.measuredMs(), row.testAccuracy(), row.trainSeconds());
        }
        System.out.printf(Locale.ROOT, "(latency: ms per batch of 64 on this CPU, timed in a fresh process, lowest"
                + " 10th percentile of LatencyTimer's 10+60 runs over %d interleaved passes; test accuracy on"
                + " Fashion-MNIST's 10,000 test images; total %.0f s)%n", FINAL_PASSES, seconds);
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    /** Per budget and method: mean and standard deviation over the seeds, and the mean gain over UNIFORM. */
    private static void summarize(List<Row> rows) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %-22s %5s %16s %10s %10s %16s %16s %8s%n", "budget ms", "method",
                "seeds", "test acc (sd)", "meas. ms", "pred. ms", "vs UNIFORM", "vs UNIFORM curve", "train s");
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            groups.computeIfAbsent(String.format(Locale.ROOT, "%.6f|%s", row.budgetMs(), row.method()),
                    key -> new ArrayList<>()).add(row);
        }
        for (List<Row> group : groups.values()) {
            Row first = group.get(0);
            List<Row> uniform = groups.get(String.format(Locale.ROOT, "%.6f|UNIFORM", first.budgetMs()));
            double[] accuracy = group.stream().mapToDouble(Row::testAccuracy).toArray();
            double[] gains = new double[group.size()];
            double[] curveGains = new double[group.size()];
            for (int n = 0; n < group.size(); n++) {
                Row row = group.get(n);
                gains[n] = row.testAccuracy() - uniform.stream().filter(u -> u.seed() == row.seed())
                        .findFirst().orElseThrow().testAccuracy();
                curveGains[n] = row.testAccuracy() - uniformCurve(rows, row.seed(), row.measuredMs());
            }
            System.out.printf(Locale.ROOT, "%-10.3f %-22s %5d %9.4f (%.4f) %10.3f %10.3f %+8.4f (%.4f) %+8.4f (%.4f)"
                            + " %8.0f%n", first.budgetMs(), first.method(), group.size(), mean(accuracy),
                    sd(accuracy), mean(group.stream().mapToDouble(Row::measuredMs).toArray()),
                    mean(group.stream().mapToDouble(Row::predictedMs).toArray()), mean(gains), sd(gains),
                    mean(curveGains), sd(curveGains), mean(group.stream().mapToDouble(Row::trainSeconds).toArray()));
        }
        System.out.println("(vs UNIFORM: mean over seeds of the test-accuracy difference to the same seed's uniform"
                + " network at this budget, with its standard deviation; vs UNIFORM curve: the same against the"
                + " accuracy the same seed's uniform networks reach at this network's MEASURED latency, linear"
                + " between the measured uniform multipliers, NaN outside their range)");
    }

    /**
     * The uniform baseline's test accuracy at {@code measuredMs} for {@code seed}: linear between the two uniform
     * networks whose measured latencies bracket it; NaN outside them.
     */
    private static double uniformCurve(List<Row> rows, long seed, double measuredMs) {
        List<Row> uniform = rows.stream().filter(r -> r.method().equals("UNIFORM") && r.seed() == seed)
                .sorted(Comparator.comparingDouble(Row::measuredMs)).toList();
        for (int k = 1; k < uniform.size(); k++) {
            Row low = uniform.get(k - 1);
            Row high = uniform.get(k);
            if (measuredMs >= low.measuredMs() && measuredMs <= high.measuredMs()) {
                double span = high.measuredMs() - low.measuredMs();
                double t = span > 0 ? (measuredMs - low.measuredMs()) / span : 0;
                return low.testAccuracy() + t * (high.testAccuracy() - low.testAccuracy());
            }
        }
        return Double.NaN;
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    static double sd(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    static double[] listArg(String[] args, int index, String fallback) {
        String value = args.length > index ? args[index] : fallback;
        return Arrays.stream(value.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
