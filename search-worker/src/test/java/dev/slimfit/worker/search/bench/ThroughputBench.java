package dev.slimfit.worker.search.bench;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.FashionMnist;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.PlainStep;
import dev.slimfit.worker.search.train.SandwichStep;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.Locale;

/**
 * DJL side of bench/worker/throughput.sh: the worker's own supernet step ({@link SandwichStep}, or the largest
 * configuration alone through {@link PlainStep}) on fmnist-small, timed per step after a warm-up. Configurations
 * follow the formula bench/worker/pytorch_step.py uses, so both sides run the same shapes.
 * <p>
 * Arguments: mode (sandwich | max | naive-sandwich), batch, threads, warm-up steps, timed steps. Prints one line in
 * the Python script's format. "naive-sandwich" is the same step written the straightforward way ({@link NaiveDjlStep}),
 * to show what the worker's loop saves. Not a test.
 */
public final class ThroughputBench {

    private ThroughputBench() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "sandwich";
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int samples = 2;
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        OfflinePyTorch.engine();
        EngineThreads.setIntraOp(threads);
        ImageSet train = FashionMnist.train();
        int[] first = new int[batchSize * 16];
        Arrays.setAll(first, i -> i);
        ImageSet images = train.subset(first);
        double[] timesMs = new double[steps];
        long faultsBefore = 0;
        long faultsAfter;
        try (NDManager root = OfflinePyTorch.newManager();
             DeviceDataset data = DeviceDataset.upload(images, Normalization.FASHION_MNIST, root)) {
            SlimmableNetwork supernet = new SlimmableNetwork(space);
            OfflinePyTorch.engine().setRandomSeed(1);
            supernet.initialize(root);
            ChainNetwork chain = ChainNetwork.of(space, supernet);
            Sgd sgd = new Sgd(chain.trainable(), root, 0.9f, 5e-5f);
            SandwichStep sandwich = new SandwichStep(chain, sgd, samples, root);
            PlainStep largest = new PlainStep(chain, sgd, space.largest(), root);
            NaiveDjlStep naive = mode.equals("naive-sandwich") ? new NaiveDjlStep(supernet, batchSize) : null;
            DeviceDataset.Batches order = data.inOrder();
            for (int step = 0; step < warmup + steps; step++) {
                if (step == warmup) {
                    faultsBefore = minorFaults();
                }
                long started = System.nanoTime();
                try (NDManager stepManager = root.newSubManager()) {
                    DeviceDataset.Batch batch = order.batch(stepManager, step % 16, batchSize);
                    if (mode.equals("max")) {
                        largest.run(stepManager, batch, 0.05f);
                    } else if (naive != null) {
                        int[][] sampled = new int[samples][];
                        for (int j = 0; j < samples; j++) {
                            sampled[j] = sampledWidths(space, step, j);
                        }
                        naive.run(batch, sampled);
                    } else {
                        int[][] sampled = new int[samples][];
                        for (int j = 0; j < samples; j++) {
                            sampled[j] = sampledWidths(space, step, j);
                        }
                        sandwich.run(stepManager, batch, sampled, 0.05f);
                    }
                }
                double elapsedMs = (System.nanoTime() - started) / 1e6;
                if (step >= warmup) {
                    timesMs[step - warmup] = elapsedMs;
                }
            }
            faultsAfter = minorFaults();
        }
        double[] sorted = timesMs.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        System.out.println(String.format(Locale.ROOT,
                "djl %s batch=%d threads=%d warmup=%d steps=%d median_ms=%.3f mean_ms=%.3f p10_ms=%.3f p90_ms=%.3f"
                        + " faults_per_step=%.0f djl=%s libtorch=%s",
                mode, batchSize, EngineThreads.intraOp(), warmup, steps, median(sorted), mean,
                sorted[(int) (0.1 * (steps - 1))], sorted[(int) (0.9 * (steps - 1))],
                (faultsAfter - faultsBefore) / (double) steps,
                OfflinePyTorch.describe().djlVersion(), OfflinePyTorch.describe().engineVersion()));
    }

    /** Choice index of layer i at step s, sample j: (7 s + 13 j + 3 i + 1) mod choices, as in pytorch_step.py. */
    static int[] sampledWidths(SearchSpace space, int step, int sample) {
        int[] widths = new int[space.layerCount()];
        for (int i = 0; i < widths.length; i++) {
            var choices = space.layer(i).widthChoices();
            widths[i] = choices.get((7 * step + 13 * sample + 3 * i + 1) % choices.size());
        }
        return widths;
    }

    /** Minor page faults of this process so far (Linux), -1 elsewhere. */
    private static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
