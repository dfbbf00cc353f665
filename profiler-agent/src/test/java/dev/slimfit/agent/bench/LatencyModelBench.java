package dev.slimfit.agent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.FitQuality;
import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.sample.CoverageSampler;
import dev.slimfit.core.sample.UniformSampler;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;

/**
 * How well a black-box latency table predicts this machine: times N coverage-sampled configurations (as the
 * profiler agent does for a table), fits the table, and scores it on held-out uniform configurations.
 * Usage: LatencyModelBench space validationCount n1,n2,... [threads] [warmup] [timed]
 */
public final class LatencyModelBench {

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
        LatencyTimer timer = new LatencyTimer(new TimingOptions(1, warmup, timed, threads));
        Random random = new Random(42);

        long started = System.nanoTime();
        List<Measurement> validation = measure(timer, space, new UniformSampler(space, random).next(validationCount));
        int maxCount = java.util.Arrays.stream(counts).max().orElseThrow();
        List<Measurement> training = measure(timer, space, new CoverageSampler(space, random).next(maxCount));
        double minutes = (System.nanoTime() - started) / 6e10;
        // The noise floor: the same held-out networks timed again, scored as if the first pass were a model.
        List<Measurement> again = measure(timer, space, validation.stream().map(Measurement::widths).toList());
        double sumSquared = 0;
        int within5 = 0;
        int within10 = 0;
        double mean = validation.stream().mapToDouble(Measurement::latencyMs).average().orElseThrow();
        for (int i = 0; i < validation.size(); i++) {
            double first = validation.get(i).latencyMs();
            double second = again.get(i).latencyMs();
            sumSquared += (first - second) * (first - second);
            within5 += Math.abs(first - second) <= 0.05 * second ? 1 : 0;
            within10 += Math.abs(first - second) <= 0.10 * second ? 1 : 0;
        }
        double repeatRmse = Math.sqrt(sumSquared / validation.size());

        System.out.printf(Locale.ROOT, "%s: batch 1, %d thread(s), %d warm-up + %d timed runs per network (median);"
                + " %d held-out uniform configurations; %.1f min of timing%n", space.name(), threads, warmup, timed,
                validationCount, minutes);
        System.out.printf(Locale.ROOT, "mean held-out latency %.4f ms; timing the same networks twice: RMSE %.4f ms, "
                + "NRMSE %.2f%%, %.1f%% within 5%%, %.1f%% within 10%% (the noise floor)%n", mean, repeatRmse,
                100 * repeatRmse / mean, 100.0 * within5 / validation.size(), 100.0 * within10 / validation.size());
        System.out.printf(Locale.ROOT, "%8s %10s %10s %10s %10s %10s%n", "N", "RMSE ms", "NRMSE %", "<=5%",
                "<=10%", "fit s");
        for (int n : counts) {
            long fitStart = System.nanoTime();
            FitResult fit = LatencyFitter.fit(space, training.subList(0, n), validation, FitOptions.defaults());
            double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
            FitQuality q = fit.validation();
            System.out.printf(Locale.ROOT, "%8d %10.4f %10.2f %9.1f%% %9.1f%% %10.2f%n", n, q.rmseMs(),
                    q.nrmsePercent(), 100 * q.within5PercentShare(), 100 * q.within10PercentShare(), fitSeconds);
        }
        System.out.println("bar: nn-Meter reports 99.0% of models within +-10% on a mobile CPU; AOWS fitted "
                + "MobileNet-V1 tables from 8,000 measurements");
    }

    private static List<Measurement> measure(LatencyTimer timer, SearchSpace space, List<int[]> configurations) {
        List<Measurement> out = new ArrayList<>();
        for (int[] widths : configurations) {
            out.add(new Measurement(widths, timer.measure(space, widths).medianMsPerBatch()));
        }
        return out;
    }
}
