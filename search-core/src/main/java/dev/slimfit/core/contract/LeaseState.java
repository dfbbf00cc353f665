package dev.slimfit.core.contract;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a leased job stands, as the API answers a heartbeat, a release or a final outcome.
 *
 * @param cancelRequested the team asked to cancel: the worker should stop and report {@link JobOutcome.Kind#CANCELLED}
 * @param leaseExpiresAt  null once no worker holds the job
 */
public record LeaseState(UUID jobId, JobStatus status, boolean cancelRequested, Instant leaseExpiresAt) {
}
