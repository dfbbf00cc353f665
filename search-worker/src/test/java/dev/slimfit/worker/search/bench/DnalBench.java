package dev.slimfit.worker.search.bench;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchOutcome;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DNAL against AOWS and the uniform baseline on Fashion-MNIST (bench/worker/dnal.sh): a fmnist-small latency table
 * timed here and fitted, then two latency budgets (the predicted latency of the uniform x0.5 and x0.75 networks)
 * and one MAC budget (the MACs of the uniform x0.75 network), each method for every seed with the same data and
 * the same total epochs (DNAL: weights and gates share the search epochs; AOWS: supernet; UNIFORM: all of them from
 * scratch; every method then its final epochs). Per run: test accuracy, MEASURED latency (the final networks timed
 * again in a fresh process, as the quality bench does), budget used (cost under the budget's own table over the
 * budget), wall time; then means per budget and method, and DNAL against UNIFORM at equal measured latency. Not a
 * test.
 * <p>
 * Arguments (all optional, in order): trainImages 8000, searchEpochs 6, finalEpochs 2, latencySamples 300, seeds
 * 1,2,3, threads 2 (training), latencyThreads 1 (timing).
 */
public final class DnalBench {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final int BATCH_SIZE = 128;
    private static final int FINAL_PASSES = 5;
    private static final SearchMethod[] METHODS = {SearchMethod.DNAL, SearchMethod.AOWS, SearchMethod.UNIFORM};

    private DnalBench() {
    }

    /** One budget: its name, kind and limit, and the cost table it is judged by. */
    private record BudgetCase(String name, BudgetCost cost) {
    }

    private record Row(String budget, long seed, SearchMethod method, int[] widths, long macs, double predictedMs,
                       double budgetUsed, double measuredMs, double testAccuracy, double wallSeconds,
                       String landing) {

        Row measured(double ms) {
            return new Row(budget, seed, method, widths, macs, predictedMs, budgetUsed, ms, testAccuracy,
                    wallSeconds, landing);
        }
    }

    public static void main(String[] args) throws IOException {
        int trainImages = QualityBench.intArg(args, 0, 8000);
        int searchEpochs = QualityBench.intArg(args, 1, 6);
        int finalEpochs = QualityBench.intArg(args, 2, 2);
        int latencySamples = QualityBench.intArg(args, 3, 300);
        long[] seeds = Arrays.stream(QualityBench.listArg(args, 4, "1,2,3")).mapToLong(Math::round).toArray();
        int threads = QualityBench.intArg(args, 5, 2);
        int latencyThreads = QualityBench.intArg(args, 6, 1);
        EngineSettings settings = EngineSettings.defaults().withIntraOpThreads(threads);
        OfflinePyTorch.engine();
        EngineThreads.setIntraOp(threads);
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "# DNAL vs AOWS vs UNIFORM on %s: trainImages=%d searchEpochs=%d finalEpochs=%d"
                        + " batch=%d latencySamples=%d seeds=%s threads=%d latencyThreads=%d; load at start: %s%n",
                SPACE.name(), trainImages, searchEpochs, finalEpochs, BATCH_SIZE, latencySamples,
                Arrays.toString(seeds), threads, latencyThreads, QualityBench.loadAverage());
        LatencyTable table = QualityBench.fitTable(latencySamples, seeds[0],
                new LatencyTimer(new TimingOptions(64, 5, 40, latencyThreads)));
        ChainCostTable latency = table.toCostTable();
        ChainCostTable macs = CostTables.macs(SPACE);
        List<BudgetCase> budgets = List.of(
                new BudgetCase("latency x0.50", new BudgetCost(Budget.Kind.LATENCY,
                        latency.cost(uniformChoices(0.5)) * (1 + 1e-9), latency, table)),
                new BudgetCase("latency x0.75", new BudgetCost(Budget.Kind.LATENCY,
                        latency.cost(uniformChoices(0.75)) * (1 + 1e-9), latency, table)),
                new BudgetCase("MACs x0.75", new BudgetCost(Budget.Kind.MACS, macs.cost(uniformChoices(0.75)), macs,
                        null)));
        List<Row> rows = new ArrayList<>();
        for (BudgetCase budget : budgets) {
            System.out.printf(Locale.ROOT, "## budget %s: %.4f %s%n", budget.name(), budget.cost().limit(),
                    budget.cost().unit());
            for (long seed : seeds) {
                TrainingSettings training = new TrainingSettings(searchEpochs, finalEpochs, BATCH_SIZE, seed,
                        trainImages);
                for (SearchMethod method : METHODS) {
                    long runStarted = System.nanoTime();
                    SearchOutcome outcome = QualityBench.run(settings, SPACE, method, training, budget.cost());
                    double seconds = (System.nanoTime() - runStarted) / 1e9;
                    double used = budget.cost().costTable().cost(ConfigurationValidator.choiceIndices(SPACE,
                            outcome.widths())) / budget.cost().limit();
                    Row row = new Row(budget.name(), seed, method, outcome.widths(), outcome.macs(),
                            table.predictMs(outcome.widths()), used, Double.NaN, outcome.testAccuracy(), seconds,
                            outcome.dnal() == null ? "" : outcome.dnal().landing());
                    System.out.printf(Locale.ROOT, "   seed %d %-7s %-22s test %.4f used %.1f%% %s(%.0f s)%n", seed,
                            method, Arrays.toString(row.widths()), row.testAccuracy(), 100 * used,
                            row.landing().isEmpty() ? "" : row.landing() + " lambda=" + String.format(Locale.ROOT,
                                    "%.3g ", outcome.dnal().lambda()), seconds);
                    rows.add(row);
                }
            }
        }
        Map<String, Double> measured = NetworkTiming.inFreshProcess(rows.stream().map(Row::widths).toList(),
                latencyThreads, FINAL_PASSES);
        rows.replaceAll(row -> row.measured(measured.get(NetworkTiming.joined(row.widths()))));
        print(rows, budgets, (System.nanoTime() - started) / 1e9);
    }

    private static int[] uniformChoices(double multiplier) {
        int[] choices = new int[SPACE.layerCount()];
        Arrays.fill(choices, (int) Math.round(multiplier / 0.25) - 1);
        return choices;
    }

    private static void print(List<Row> rows, List<BudgetCase> budgets, double seconds) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-14s %-5s %-7s %-22s %9s %9s %9s %8s %9s %7s %s%n", "budget", "seed",
                "method", "widths", "MACs", "pred. ms", "meas. ms", "used %", "test acc", "wall s", "landing");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-14s %-5d %-7s %-22s %9d %9.3f %9.3f %8.1f %9.4f %7.0f %s%n",
                    row.budget(), row.seed(), row.method(), Arrays.toString(row.widths()), row.macs(),
                    row.predictedMs(), row.measuredMs(), 100 * row.budgetUsed(), row.testAccuracy(),
                    row.wallSeconds(), row.landing());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-14s %-7s %16s %10s %10s %9s %9s %14s %8s%n", "budget", "method",
                "test acc (sd)", "meas. ms", "budget", "used %", "min used", "vs UNIFORM", "wall s");
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(row.budget() + "|" + row.method(), k -> new ArrayList<>())
                .add(row));
        for (List<Row> group : groups.values()) {
            Row first = group.get(0);
            BudgetCase budget = budgets.stream().filter(b -> b.name().equals(first.budget())).findFirst()
                    .orElseThrow();
            double[] accuracy = group.stream().mapToDouble(Row::testAccuracy).toArray();
            double[] gains = group.stream().mapToDouble(row -> row.testAccuracy() - rows.stream()
                    .filter(u -> u.method() == SearchMethod.UNIFORM && u.seed() == row.seed()
                            && u.budget().equals(row.budget())).findFirst().orElseThrow().testAccuracy()).toArray();
            System.out.printf(Locale.ROOT, "%-14s %-7s %9.4f (%.4f) %10.3f %10.4g %9.1f %9.1f %+7.4f (%.4f) %8.0f%n",
                    first.budget(), first.method(), QualityBench.mean(accuracy), QualityBench.sd(accuracy),
                    QualityBench.mean(group.stream().mapToDouble(Row::measuredMs).toArray()), budget.cost().limit(),
                    100 * QualityBench.mean(group.stream().mapToDouble(Row::budgetUsed).toArray()),
                    100 * group.stream().mapToDouble(Row::budgetUsed).min().orElse(Double.NaN),
                    QualityBench.mean(gains), QualityBench.sd(gains),
                    QualityBench.mean(group.stream().mapToDouble(Row::wallSeconds).toArray()));
        }
        long over = rows.stream().filter(row -> row.budgetUsed() > 1 + 1e-9).count();
        System.out.printf(Locale.ROOT, "(used %%: the network's cost under the budget's own table (the fitted latency"
                + " table, or exact MACs) over the budget; runs over budget: %d of %d; vs UNIFORM: mean over seeds of"
                + " the test-accuracy difference to the same seed's uniform network at the same budget; meas. ms: ms"
                + " per batch of 64, timed in a fresh process, lowest 10th percentile over %d interleaved passes;"
                + " test accuracy on Fashion-MNIST's 10,000 test images; total %.0f s)%n", over, rows.size(),
                FINAL_PASSES, seconds);
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", QualityBench.loadAverage());
    }
}
