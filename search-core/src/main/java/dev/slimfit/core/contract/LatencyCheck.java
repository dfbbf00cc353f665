package dev.slimfit.core.contract;

import java.util.List;
import java.util.UUID;

/**
 * A worker's request to have a decoded network timed on its job's device, and the answer
 * ({@code POST/GET /api/v1/worker/jobs/{id}/latency-checks}).
 *
 * @param checkId    the check (null when UNAVAILABLE at once)
 * @param status     PENDING until the device's agent reports, then DONE with {@code measuredMs}; UNAVAILABLE when
 *                   nothing will answer (the device is offline, or its agent gave up on the task)
 * @param measuredMs the measured latency once DONE
 * @param reason     why it is UNAVAILABLE
 */
public record LatencyCheck(UUID checkId, Status status, Double measuredMs, String reason) {

    public enum Status { PENDING, DONE, UNAVAILABLE }

    /**
     * What the worker sends.
     *
     * @param workerId the worker holding the job's lease
     * @param widths   the network to time, one width per layer of the job's space
     * @param round    which correction round this is (1-based)
     */
    public record Request(String workerId, List<Integer> widths, Integer round) {
    }
}
