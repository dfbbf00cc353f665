package dev.slimfit.core.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * An event a worker publishes about a job. {@code eventId} is unique per event so redeliveries are applied once.
 * Only the payload matching {@code type} is set: progress for PROGRESS, result for SUCCEEDED, failure for FAILED.
 */
public record WorkerEvent(UUID eventId, UUID jobId, String workerId, WorkerEventType type, Instant occurredAt,
                          JobProgress progress, JobResult result, JobFailure failure) {
}
