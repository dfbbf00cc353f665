package dev.slimfit.core.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * An event a worker publishes about a job. {@code eventId} is unique per event so redeliveries are applied once.
 * Only the payload matching {@code type} is set: progress for PROGRESS, result for SUCCEEDED, failure for FAILED.
 * Progress and checkpoint events are tried once (advisory); {@code droppedBefore} counts the job's events this worker
 * could not publish since its last one that went out (the broker was unreachable), so the job's event stream shows
 * the gap; null or 0 when there was none.
 */
public record WorkerEvent(UUID eventId, UUID jobId, String workerId, WorkerEventType type, Instant occurredAt,
                          JobProgress progress, JobResult result, JobFailure failure, Integer droppedBefore) {

    /** An event with no gap before it. */
    public WorkerEvent(UUID eventId, UUID jobId, String workerId, WorkerEventType type, Instant occurredAt,
                       JobProgress progress, JobResult result, JobFailure failure) {
        this(eventId, jobId, workerId, type, occurredAt, progress, result, failure, null);
    }
}
