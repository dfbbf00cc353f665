package dev.slimfit.api.latency;

import java.util.UUID;

/** What other features learn about latency tables (published in the transaction that made it true). */
public final class LatencyTableEvents {

    private LatencyTableEvents() {
    }

    /** A table became READY: jobs waiting for (device, space) can run. */
    public record Ready(UUID tableId, UUID deviceId, String searchSpace) {
    }

    /** Profiling or fitting failed: jobs waiting for (device, space) cannot run on this table. */
    public record Failed(UUID tableId, UUID deviceId, String searchSpace, String reason) {
    }

    /**
     * A table was fitted but missed the quality bar with no resampling rounds left: jobs waiting for (device,
     * space) fail with {@code reason} unless they accept a low-quality table, in which case they run on it.
     */
    public record LowQuality(UUID tableId, UUID deviceId, String searchSpace, String reason) {
    }

    /** A verification task finished: the measured latency of each of its configurations, in order. */
    public record Verified(UUID taskId, UUID tableId, java.util.List<Double> measuredMs) {
    }
}
