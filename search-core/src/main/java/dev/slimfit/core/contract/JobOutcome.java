package dev.slimfit.core.contract;

import java.util.UUID;

/**
 * How a worker's run of a job ended, sent once over HTTP ({@code POST /api/v1/worker/jobs/{id}/outcome}) while it
 * still holds the lease. {@code outcomeId} is chosen once per outcome and kept across retries, so a retry after a
 * lost answer is recognised and answered with the job's current state instead of being applied twice.
 *
 * @param outcomeId unique id of this outcome (the job event's id)
 * @param workerId  the worker holding the lease
 * @param kind      how the run ended
 * @param result    what was found; required for {@link Kind#SUCCEEDED}
 * @param failure   why it failed; required for {@link Kind#FAILED}
 */
public record JobOutcome(UUID outcomeId, String workerId, Kind kind, JobResult result, JobFailure failure) {

    /** How a run ended, each mapped to the one trigger it applies. */
    public enum Kind {
        SUCCEEDED(JobTrigger.WORKER_SUCCEEDED),
        FAILED(JobTrigger.WORKER_FAILED),
        CANCELLED(JobTrigger.WORKER_CANCELLED);

        private final JobTrigger trigger;

        Kind(JobTrigger trigger) {
            this.trigger = trigger;
        }

        public JobTrigger trigger() {
            return trigger;
        }
    }

    public static JobOutcome succeeded(String workerId, JobResult result) {
        return new JobOutcome(UUID.randomUUID(), workerId, Kind.SUCCEEDED, result, null);
    }

    public static JobOutcome failed(String workerId, JobFailure failure) {
        return new JobOutcome(UUID.randomUUID(), workerId, Kind.FAILED, null, failure);
    }

    public static JobOutcome cancelled(String workerId) {
        return new JobOutcome(UUID.randomUUID(), workerId, Kind.CANCELLED, null, null);
    }
}
