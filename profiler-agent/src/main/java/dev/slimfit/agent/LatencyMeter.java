package dev.slimfit.agent;

import java.util.Map;

import dev.slimfit.core.space.SearchSpace;

/** Times the plain network of one configuration on this device. */
interface LatencyMeter {

    /**
     * @param latencyMs median latency of one forward pass of a batch
     * @param spreadMs  interquartile range of the timed runs
     * @param settings  what was pinned while timing (threads, batch, engine, device...)
     */
    record Result(double latencyMs, double spreadMs, Map<String, Object> settings) {
    }

    Result measure(SearchSpace space, int[] widths, int batchSize);

    /** What this device is, sent with registration and heartbeats. */
    Map<String, Object> hardware();
}
