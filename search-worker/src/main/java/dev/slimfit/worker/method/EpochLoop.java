package dev.slimfit.worker.method;

import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchStoppedException;
import dev.slimfit.worker.search.data.DeviceDataset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives a phase through its epochs: a seeded shuffle per epoch, one step per batch in a step-scoped manager, the
 * stop request checked before every step, progress, and a checkpoint (plus {@code listener.checkpointed}) at the
 * end of every epoch.
 * <p>
 * Stopping: CANCEL throws {@link SearchStoppedException} before the next step, writing nothing. SHUTDOWN first
 * checkpoints the exact position (epoch and step within it, so a resumed run continues with the next batch of the
 * same shuffled order) when anything was trained since the last checkpoint, then throws.
 */
public final class EpochLoop {

    /** Writes a checkpoint of the running phase at {@code position}; {@code complete} at the phase's end. */
    public interface Checkpointer {
        void write(Position position, Map<String, Double> epochLosses, boolean complete);
    }

    private final JobContext context;
    private final Checkpointer checkpointer;

    EpochLoop(JobContext context, Checkpointer checkpointer) {
        this.context = context;
        this.checkpointer = checkpointer;
    }

    /** The position after the phase's last epoch, and that epoch's mean losses. */
    public record Outcome(Position position, Map<String, Double> lastEpochLosses) {
    }

    Outcome run(EpochTraining phase, int firstEpoch, int lastEpoch, Position start,
                Map<String, Double> lossesBefore) {
        SearchListener listener = context.listener();
        DeviceDataset train = context.train();
        int batchSize = context.batchSize();
        int stepsPerEpoch = context.stepsPerEpoch();
        Position position = start;
        Map<String, Double> lastEpochLosses = lossesBefore;
        boolean dirty = false;
        for (int epoch = Math.max(firstEpoch, start.completedEpochs() + 1); epoch <= lastEpoch; epoch++) {
            Map<String, double[]> epochSums = new LinkedHashMap<>();
            try (NDManager epochManager = context.root().newSubManager()) {
                DeviceDataset.Batches order = train.shuffled(epochManager, context.seed(), epoch,
                        phase.targets());
                for (int k = position.stepInEpoch(); k < stepsPerEpoch; k++) {
                    SearchListener.Stop stop = listener.stopRequested();
                    if (stop == SearchListener.Stop.CANCEL) {
                        throw new SearchStoppedException(SearchListener.Stop.CANCEL);
                    }
                    if (stop == SearchListener.Stop.SHUTDOWN) {
                        if (dirty) {
                            checkpointer.write(position, lastEpochLosses, false);
                            listener.checkpointed(position.completedEpochs());
                        }
                        throw new SearchStoppedException(SearchListener.Stop.SHUTDOWN);
                    }
                    long started = System.nanoTime();
                    Map<String, Double> losses;
                    int images;
                    try (NDManager stepManager = epochManager.newSubManager()) {
                        DeviceDataset.Batch batch = order.batch(stepManager, k, batchSize);
                        images = batch.size();
                        losses = phase.step(stepManager, batch, position.phaseStep(), position.globalStep());
                    }
                    long stepNanos = System.nanoTime() - started;
                    dirty = true;
                    position = new Position(position.completedEpochs(), k + 1, position.globalStep() + 1,
                            position.phaseStep() + 1, position.phaseSeconds() + stepNanos / 1e9,
                            position.phaseImages() + images);
                    losses.forEach((name, value) -> {
                        double[] sum = epochSums.computeIfAbsent(name, key -> new double[2]);
                        sum[0] += value;
                        sum[1]++;
                    });
                    context.progress().stepDone(epoch, position.globalStep(), images, stepNanos, losses,
                            phase::snapshot);
                }
            }
            lastEpochLosses = means(epochSums, lastEpochLosses);
            position = new Position(epoch, 0, position.globalStep(), position.phaseStep(), position.phaseSeconds(),
                    position.phaseImages());
            checkpointer.write(position, lastEpochLosses, epoch == lastEpoch);
            dirty = false;
            listener.checkpointed(epoch);
            context.progress().epochEnded(epoch, position.globalStep(), lastEpochLosses, phase::snapshot);
        }
        return new Outcome(position, lastEpochLosses);
    }

    private static Map<String, Double> means(Map<String, double[]> sums, Map<String, Double> fallback) {
        if (sums.isEmpty()) {
            return fallback;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sum) -> means.put(name, sum[0] / sum[1]));
        return means;
    }
}
