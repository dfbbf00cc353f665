package dev.slimfit.models.timing;

import java.time.Instant;
import java.util.List;

/**
 * One timed network: per-batch statistics, the per-image median (AOWS reports ms per image), the raw samples for
 * later re-analysis, and the settings they were taken under.
 *
 * @param settings    what was pinned
 * @param perBatchMs  statistics of whole-batch forward latency
 * @param samplesMs   every timed run, in order
 * @param measuredAt  when timing finished
 */
public record LatencyMeasurement(TimingSettings settings, LatencyStats perBatchMs, List<Double> samplesMs,
                                 Instant measuredAt) {

    public LatencyMeasurement {
        samplesMs = List.copyOf(samplesMs);
    }

    /** Statistics per image: per batch divided by the batch size. */
    public LatencyStats perImageMs() {
        return perBatchMs.dividedBy(settings.batchSize());
    }

    public double medianMsPerBatch() {
        return perBatchMs.medianMs();
    }

    public double medianMsPerImage() {
        return perBatchMs.medianMs() / settings.batchSize();
    }
}
