package dev.slimfit.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.FitQuality;
import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.latency.ResidualModel;
import dev.slimfit.core.sample.CoverageSampler;
import dev.slimfit.core.sample.UniformSampler;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.timing.LatencyMeasurement;
import dev.slimfit.models.timing.LatencyStats;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;

/**
 * How well a black-box latency table predicts this machine: times N coverage-sampled configurations (as the
 * profiler agent does for a table), fits the table, and scores it on held-out uniform configurations. The
 * held-out networks are timed twice, so the noise floor (one timing against another) prints beside the model.
 * Each figure is given for two statistics of the timed runs: the median (AOWS) and the 10th percentile, for the
 * pairwise table alone and with its residual model ({@link ResidualModel}, fitted on the same training timings).
 * All timings (training, held-out, held-out again) run in one shuffled order, so slow drifts of the machine spread
 * over all of them instead of biasing one set. Measurements in all: {@code 2 * validationCount + max(n)}.
 * Usage: LatencyModelBench space validationCount n1,n2,... [threads] [warmup] [timed] [batch]
 */
public final class LatencyModelBench {

    private record Statistic(String name, ToDoubleFunction<LatencyStats> of) {
    }

    private static final List<Statistic> STATISTICS = List.of(
            new Statistic("median", LatencyStats::medianMs), new Statistic("p10", LatencyStats::p10Ms));

    private LatencyModelBench() {
    }

    public static void main(String[] args) {
        OfflinePyTorch.applyOfflineSettings();
        SearchSpace space = SearchSpaceRegistry.builtIn().find(args[0]).orElseThrow();
        int validationCount = Integer.parseInt(args[1]);
        int[] counts = java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int timed = args.length > 5 ? Integer.parseInt(args[5]) : 20;
        int batch = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        LatencyTimer timer = new LatencyTimer(new TimingOptions(batch, warmup, timed, threads));
        Random random = new Random(42);

        long started = System.nanoTime();
        List<int[]> validationConfigs = new UniformSampler(space, random).next(validationCount);
        int maxCount = java.util.Arrays.stream(counts).max().orElseThrow();
        List<int[]> trainingConfigs = new CoverageSampler(space, random).next(maxCount);
        List<List<LatencyMeasurement>> timings = measureInterleaved(timer, space,
                List.of(validationConfigs, validationConfigs, trainingConfigs), random);
        List<LatencyMeasurement> validation = timings.get(0);
        List<LatencyMeasurement> again = timings.get(1);
        List<LatencyMeasurement> training = timings.get(2);
        double minutes = (System.nanoTime() - started) / 6e10;

        System.out.printf(Locale.ROOT, "%s: batch %d, %d thread(s), %d warm-up + %d timed runs per network; %d held-out"
                + " uniform configurations timed twice; %d measurements in %.1f min of timing, in one shuffled order%n",
                space.name(), batch, threads, warmup, timed, validationCount, 2 * validationCount + maxCount, minutes);
        System.out.printf(Locale.ROOT, "%-8s %-9s %6s %10s %10s %8s %8s %8s%n", "stat", "model", "N", "RMSE ms",
                "NRMSE %", "<=5%", "<=10%", "fit s");
        for (Statistic statistic : STATISTICS) {
            List<Measurement> held = toMeasurements(validationConfigs, validation, statistic);
            List<Measurement> heldAgain = toMeasurements(validationConfigs, again, statistic);
            List<Measurement> train = toMeasurements(trainingConfigs, training, statistic);
            print(statistic.name(), "repeat", "-", noiseFloor(held, heldAgain), 0);
            for (int n : counts) {
                long fitStart = System.nanoTime();
                FitResult fit = LatencyFitter.fit(space, train.subList(0, n), held, FitOptions.defaults());
                double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
                // Scored on every held-out network, outliers included (the figure a user would see).
                print(statistic.name(), "table", Integer.toString(n), FitQuality.evaluate(fit.table(), held),
                        fitSeconds);
                long residualStart = System.nanoTime();
                java.util.Optional<ResidualModel> residual = ResidualModel.train(fit.table(), train.subList(0, n), 7);
                double residualSeconds = (System.nanoTime() - residualStart) / 1e9;
                if (residual.isPresent()) {
                    print(statistic.name(), "+residual", Integer.toString(n),
                            FitQuality.evaluate(residual.get()::predictMs, held), residualSeconds);
                }
            }
        }
        System.out.println("'repeat' scores a second timing of the held-out networks against the first: no table can "
                + "predict a timing better than the timing repeats. Bar: nn-Meter reports 99.0% of models within "
                + "+-10% on a mobile CPU; AOWS fitted MobileNet-V1 tables from 8,000 measurements.");
    }

    private static void print(String statistic, String model, String n, FitQuality q, double fitSeconds) {
        System.out.printf(Locale.ROOT, "%-8s %-9s %6s %10.4f %10.2f %7.1f%% %7.1f%% %8.2f%n", statistic, model, n,
                q.rmseMs(), q.nrmsePercent(), 100 * q.within5PercentShare(), 100 * q.within10PercentShare(),
                fitSeconds);
    }

    /** Times every configuration of every list once, all in one shuffled order; answers per list, in order. */
    private static List<List<LatencyMeasurement>> measureInterleaved(LatencyTimer timer, SearchSpace space,
                                                                     List<List<int[]>> lists, Random random) {
        List<int[]> order = new ArrayList<>();
        for (int l = 0; l < lists.size(); l++) {
            for (int i = 0; i < lists.get(l).size(); i++) {
                order.add(new int[] {l, i});
            }
        }
        java.util.Collections.shuffle(order, random);
        List<LatencyMeasurement[]> out = new ArrayList<>();
        for (List<int[]> list : lists) {
            out.add(new LatencyMeasurement[list.size()]);
        }
        for (int[] slot : order) {
            out.get(slot[0])[slot[1]] = timer.measure(space, lists.get(slot[0]).get(slot[1]));
        }
        return out.stream().map(java.util.Arrays::asList).toList();
    }

    /** Scores the second timing as if it were a prediction of the first. */
    private static FitQuality noiseFloor(List<Measurement> first, List<Measurement> second) {
        double sumSquared = 0;
        int within5 = 0;
        int within10 = 0;
        for (int i = 0; i < first.size(); i++) {
            double y = first.get(i).latencyMs();
            double error = second.get(i).latencyMs() - y;
            sumSquared += error * error;
            within5 += Math.abs(error) <= 0.05 * y ? 1 : 0;
            within10 += Math.abs(error) <= 0.10 * y ? 1 : 0;
        }
        double mean = first.stream().mapToDouble(Measurement::latencyMs).average().orElseThrow();
        double rmse = Math.sqrt(sumSquared / first.size());
        return new FitQuality(first.size(), mean, rmse, 100 * rmse / mean, (double) within5 / first.size(),
                (double) within10 / first.size());
    }

    private static List<Measurement> toMeasurements(List<int[]> configurations, List<LatencyMeasurement> timings,
                                                    Statistic statistic) {
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            out.add(new Measurement(configurations.get(i), statistic.of().applyAsDouble(timings.get(i).perBatchMs())));
        }
        return out;
    }
}
