package dev.slimfit.core.contract;

/** Kinds of event a worker publishes about a job, each mapped to one {@link JobTrigger}. */
public enum WorkerEventType {
    STARTED(JobTrigger.WORKER_STARTED),
    PROGRESS(JobTrigger.WORKER_PROGRESS),
    CHECKPOINT(JobTrigger.WORKER_CHECKPOINT),
    SUCCEEDED(JobTrigger.WORKER_SUCCEEDED),
    FAILED(JobTrigger.WORKER_FAILED),
    CANCELLED(JobTrigger.WORKER_CANCELLED);

    private final JobTrigger trigger;

    WorkerEventType(JobTrigger trigger) {
        this.trigger = trigger;
    }

    public JobTrigger trigger() {
        return trigger;
    }
}
