package dev.slimfit.core.contract;

/** Lifecycle of a search job. {@link JobStateMachine} is the only place that decides how it moves. */
public enum JobStatus {
    WAITING_FOR_LATENCY, QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
