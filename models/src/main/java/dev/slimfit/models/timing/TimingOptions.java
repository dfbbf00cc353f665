package dev.slimfit.models.timing;

/**
 * How to time a network.
 *
 * @param batchSize      images per forward pass
 * @param warmupRuns     untimed forwards first (allocator, caches, lazy kernel selection)
 * @param timedRuns      timed forwards; the median and spread come from these
 * @param intraOpThreads libtorch intra-op threads pinned for the measurement
 */
public record TimingOptions(int batchSize, int warmupRuns, int timedRuns, int intraOpThreads) {

    public TimingOptions {
        if (batchSize <= 0 || warmupRuns < 0 || timedRuns <= 0 || intraOpThreads <= 0) {
            throw new IllegalArgumentException("timing needs a positive batch size, timed runs and threads and"
                    + " non-negative warm-up runs");
        }
    }

    /** AOWS's protocol: batch 64, 10 warm-up and 60 timed runs. */
    public static TimingOptions aows(int intraOpThreads) {
        return new TimingOptions(64, 10, 60, intraOpThreads);
    }
}
