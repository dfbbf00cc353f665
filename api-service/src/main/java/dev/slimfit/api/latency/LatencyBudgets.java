package dev.slimfit.api.latency;

import java.util.List;
import java.util.UUID;

/**
 * The latency budgets users ask for on a device and space (jobs waiting for its table): a table that is profiled
 * again spends part of its new measurements near them, where their decodes will land. Implemented by the job
 * feature.
 */
public interface LatencyBudgets {

    /** Latency budgets (ms) of jobs waiting for a table of {@code searchSpace} on the device. */
    List<Double> wantedMs(UUID deviceId, String searchSpace);
}
