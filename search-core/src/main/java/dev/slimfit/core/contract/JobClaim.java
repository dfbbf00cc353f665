package dev.slimfit.core.contract;

import java.time.Instant;
import java.util.UUID;

import dev.slimfit.core.latency.LatencyTableDocument;

/**
 * The API's answer to a successful claim: the job to run, under a lease until {@code leaseExpiresAt}.
 *
 * @param jobId          the job
 * @param attempt        1 for the first run, higher when resuming after a lost lease
 * @param spec           what to search (the worker reads the spec here, never from the queue message)
 * @param leaseExpiresAt when the lease runs out unless renewed by a heartbeat
 * @param latencyTableId the device's latency table the job is decoded against, for a latency budget (else null)
 * @param latencyTable   that table, for a latency budget (else null); {@link LatencyTableDocument#toTable} checks
 *                       it against the space
 * @param latencyResidual that table's residual model in XGBoost's binary format, where the table has one (base64 in
 *                       JSON), else null: {@code ResidualModel.fromBytes} loads it
 */
public record JobClaim(UUID jobId, int attempt, JobSpec spec, Instant leaseExpiresAt, UUID latencyTableId,
                       LatencyTableDocument latencyTable, byte[] latencyResidual) {

    public JobClaim(UUID jobId, int attempt, JobSpec spec, Instant leaseExpiresAt, UUID latencyTableId,
                    LatencyTableDocument latencyTable) {
        this(jobId, attempt, spec, leaseExpiresAt, latencyTableId, latencyTable, null);
    }
}
