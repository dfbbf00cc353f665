package dev.slimfit.core.contract;

import static dev.slimfit.core.contract.JobStatus.CANCELLED;
import static dev.slimfit.core.contract.JobStatus.CANCELLING;
import static dev.slimfit.core.contract.JobStatus.FAILED;
import static dev.slimfit.core.contract.JobStatus.QUEUED;
import static dev.slimfit.core.contract.JobStatus.RUNNING;
import static dev.slimfit.core.contract.JobStatus.SUCCEEDED;

/**
 * The one transition function for jobs. Terminal states accept nothing except a repeated cancel of a cancelled
 * job (cancel is idempotent), so a late or duplicated worker event can never bring a finished job back.
 */
public final class JobStateMachine {

    private JobStateMachine() {
    }

    /**
     * @return the state after {@code trigger}
     * @throws IllegalTransitionException when the trigger is not allowed in {@code from}
     */
    public static JobStatus next(JobStatus from, JobTrigger trigger) {
        JobStatus to = switch (from) {
            case WAITING_FOR_LATENCY -> switch (trigger) {
                case LATENCY_READY -> QUEUED;
                case LATENCY_FAILED -> FAILED;
                case CANCEL_REQUESTED -> CANCELLED;
                default -> null;
            };
            case QUEUED -> switch (trigger) {
                case WORKER_STARTED -> RUNNING;
                case CANCEL_REQUESTED -> CANCELLED; // no worker holds it: nothing to stop
                case WORKER_FAILED -> FAILED;       // e.g. rejected before start (bad dataset)
                default -> null;
            };
            case RUNNING -> switch (trigger) {
                case WORKER_STARTED, WORKER_PROGRESS, WORKER_CHECKPOINT -> RUNNING;
                case WORKER_SUCCEEDED -> SUCCEEDED;
                case WORKER_FAILED -> FAILED;
                case CANCEL_REQUESTED -> CANCELLING;
                case WORKER_CANCELLED -> CANCELLED;
                case LEASE_EXPIRED -> QUEUED;
                default -> null;
            };
            case CANCELLING -> switch (trigger) {
                case CANCEL_REQUESTED, WORKER_PROGRESS, WORKER_CHECKPOINT -> CANCELLING;
                // The worker stopped, gave up, or died: in every case nothing runs any more.
                case WORKER_CANCELLED, WORKER_FAILED, LEASE_EXPIRED -> CANCELLED;
                // It finished before it saw the cancel: keep the result rather than throw the work away.
                case WORKER_SUCCEEDED -> SUCCEEDED;
                default -> null;
            };
            case CANCELLED -> trigger == JobTrigger.CANCEL_REQUESTED ? CANCELLED : null;
            case SUCCEEDED, FAILED -> null;
        };
        if (to == null) {
            throw new IllegalTransitionException(from, trigger);
        }
        return to;
    }

    /** Whether {@code trigger} is allowed in {@code from}. */
    public static boolean allows(JobStatus from, JobTrigger trigger) {
        try {
            next(from, trigger);
            return true;
        } catch (IllegalTransitionException e) {
            return false;
        }
    }
}
