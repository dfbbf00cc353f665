package dev.slimfit.worker.search.bench;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Times fmnist-small networks in a process of its own, the way the quality bench's latency table was timed (a fresh
 * process, throwaway warm-up timings, batch 64, 10th percentile of each measurement, the lowest of several
 * interleaved passes), and prints one line per network: its widths, then ms per batch. The quality bench runs it
 * after training: timed inside the process that has just trained for half an hour, the same networks measured
 * 20-50% slower than the table predicted, and not even in a consistent order. Not a test.
 * <p>
 * Arguments: threads, passes, then one network per argument as comma-separated widths.
 */
public final class NetworkTiming {

    private NetworkTiming() {
    }

    public static void main(String[] args) {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        int threads = Integer.parseInt(args[0]);
        int passes = Integer.parseInt(args[1]);
        List<int[]> networks = new ArrayList<>();
        for (int n = 2; n < args.length; n++) {
            networks.add(Arrays.stream(args[n].split(",")).mapToInt(Integer::parseInt).toArray());
        }
        OfflinePyTorch.engine();
        LatencyTimer timer = new LatencyTimer(new TimingOptions(64, 10, 60, threads));
        Random warmUp = new Random(5);
        for (int n = 0; n < 20; n++) {
            timer.measure(space, networks.get(warmUp.nextInt(networks.size())));
        }
        double[] best = lowestOfPasses(timer, space, networks, passes);
        for (int n = 0; n < networks.size(); n++) {
            System.out.printf(Locale.ROOT, "TIMED %s %.6f%n", args[n + 2], best[n]);
        }
    }

    /**
     * Times every distinct network of {@code networks} in a fresh process running {@link #main} (this JVM's class
     * path and logging settings) and returns ms per batch of 64 by {@link #joined} widths.
     */
    static Map<String, Double> inFreshProcess(List<int[]> networks, int threads, int passes) throws IOException {
        Map<String, int[]> distinct = new LinkedHashMap<>();
        networks.forEach(widths -> distinct.putIfAbsent(joined(widths), widths));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path")));
        String logback = System.getProperty("logback.configurationFile");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.addAll(List.of(NetworkTiming.class.getName(), Integer.toString(threads), Integer.toString(passes)));
        command.addAll(distinct.keySet());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Double> measured = new LinkedHashMap<>();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines()) {
            lines.filter(line -> line.startsWith("TIMED ")).map(line -> line.split(" "))
                    .forEach(parts -> measured.put(parts[1], Double.parseDouble(parts[2])));
        }
        try {
            if (process.waitFor() != 0 || measured.size() != distinct.size()) {
                throw new IllegalStateException("final timing process failed (exit " + process.exitValue() + ", "
                        + measured.size() + " of " + distinct.size() + " networks timed)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing the final networks", e);
        }
        return measured;
    }

    static String joined(int[] widths) {
        return Arrays.stream(widths).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /**
     * Each network's lowest 10th-percentile ms per batch over {@code passes} passes through the whole list: the 10th
     * percentile is what profiler agents report by default, since on a shared machine it repeats far better than
     * the median (bench/profiler), and a burst of load rarely hits the same network in every pass.
     */
    static double[] lowestOfPasses(LatencyTimer timer, SearchSpace space, List<int[]> networks, int passes) {
        double[] best = new double[networks.size()];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int pass = 0; pass < passes; pass++) {
            for (int n = 0; n < networks.size(); n++) {
                best[n] = Math.min(best[n], timer.measure(space, networks.get(n)).perBatchMs().p10Ms());
            }
        }
        return best;
    }
}
