package dev.slimfit.core.contract;

/** A trigger that is not allowed in the job's current state; the job is left unchanged. */
public final class IllegalTransitionException extends RuntimeException {

    private final JobStatus from;
    private final JobTrigger trigger;

    public IllegalTransitionException(JobStatus from, JobTrigger trigger) {
        super("a job in state " + from + " cannot take " + trigger);
        this.from = from;
        this.trigger = trigger;
    }

    public JobStatus from() {
        return from;
    }

    public JobTrigger trigger() {
        return trigger;
    }
}
