package dev.slimfit.core.contract;

/** Everything that can happen to a job, from the team, the latency profiler, a worker or the lease sweeper. */
public enum JobTrigger {
    /** The device's latency table for the job's space became READY. */
    LATENCY_READY,
    /** Profiling the latency table failed, so the job cannot run. */
    LATENCY_FAILED,
    /** The team asked to cancel. */
    CANCEL_REQUESTED,
    /** A worker claimed the job and started (or resumed) it. */
    WORKER_STARTED,
    /** A worker reported progress. */
    WORKER_PROGRESS,
    /** A worker saved a checkpoint. */
    WORKER_CHECKPOINT,
    /** A worker finished with a result. */
    WORKER_SUCCEEDED,
    /** A worker gave up with a typed failure. */
    WORKER_FAILED,
    /** A worker stopped because the job was cancelled. */
    WORKER_CANCELLED,
    /** The running worker's lease expired (it died): the job goes back to the queue. */
    LEASE_EXPIRED
}
