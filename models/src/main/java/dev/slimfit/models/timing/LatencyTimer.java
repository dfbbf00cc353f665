package dev.slimfit.models.timing;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.EngineInfo;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures the inference latency of a whole network, black-box, the way AOWS fits its latency model: warm-up runs,
 * then repeated timed forwards of one fixed batch, summarised by median and spread.
 * <p>
 * A timed run covers the forward pass and fetching the logits to the host; fetching is what makes a GPU run
 * synchronous, and on the CPU it costs microseconds. Creating the input is outside the timed region, and each run's
 * intermediate arrays are freed after it so memory does not grow over the runs. The intra-op thread pool is pinned
 * for the measurement and restored afterwards; it is process-wide, so a JVM must run one measurement at a time.
 */
public final class LatencyTimer {

    private static final long INPUT_SEED = 20_200_614L;

    private final TimingOptions options;
    private final Device device;

    /** Times on the engine's default device (GPU 0 if present). */
    public LatencyTimer(TimingOptions options) {
        this(options, OfflinePyTorch.defaultDevice());
    }

    public LatencyTimer(TimingOptions options, Device device) {
        this.options = options;
        this.device = device;
    }

    /** Builds the plain network of {@code widths} with random weights (latency does not depend on them) and times it. */
    public LatencyMeasurement measure(SearchSpace space, int[] widths) {
        return measure(NetworkBuilder.build(space, widths), space);
    }

    /**
     * Times {@code network} on inputs of {@code space}'s shape; initialises it first (on this timer's device, with
     * random weights) if needed.
     */
    public LatencyMeasurement measure(Block network, SearchSpace space) {
        Shape inputShape = NetworkInputs.shape(space, options.batchSize());
        EngineInfo engine = OfflinePyTorch.describe();
        int previousThreads = EngineThreads.intraOp();
        EngineThreads.setIntraOp(options.intraOpThreads());
        try (NDManager manager = OfflinePyTorch.newManager(device)) {
            if (!network.isInitialized()) {
                network.initialize(manager, DataType.FLOAT32, inputShape);
            }
            float[] input = randomInput(inputShape);
            ParameterStore parameters = new ParameterStore(manager, false);
            for (int i = 0; i < options.warmupRuns(); i++) {
                timeOnce(network, parameters, manager, input, inputShape);
            }
            double[] samplesMs = new double[options.timedRuns()];
            for (int i = 0; i < samplesMs.length; i++) {
                samplesMs[i] = timeOnce(network, parameters, manager, input, inputShape);
            }
            TimingSettings settings = new TimingSettings(engine.engineName(), engine.engineVersion(),
                    engine.nativeFlavor(), device.toString(), DataType.FLOAT32.toString(),
                    Arrays.stream(inputShape.getShape()).boxed().toList(), options.batchSize(),
                    EngineThreads.intraOp(), EngineThreads.interOp(), options.warmupRuns(), options.timedRuns());
            return new LatencyMeasurement(settings, LatencyStats.of(samplesMs), boxed(samplesMs), Instant.now());
        } finally {
            EngineThreads.setIntraOp(previousThreads);
        }
    }

    private static double timeOnce(Block network, ParameterStore parameters, NDManager manager, float[] input,
                                   Shape inputShape) {
        try (NDManager run = manager.newSubManager()) {
            NDArray batch = run.create(input, inputShape);
            long startNanos = System.nanoTime();
            NDArray logits = network.forward(parameters, new NDList(batch), false).singletonOrThrow();
            logits.toFloatArray();
            return (System.nanoTime() - startNanos) / 1e6;
        }
    }

    /** The same pseudo-random batch for every measurement, so runs differ only in the network. */
    private static float[] randomInput(Shape shape) {
        Random random = new Random(INPUT_SEED);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
