package dev.slimfit.worker.search;

import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.decode.BudgetCorrection;

/** How a running search talks to its worker. Called from the training thread; implementations must be quick. */
public interface SearchListener {

    /** Why the search should stop early, checked once per training step. */
    enum Stop { NONE, CANCEL, SHUTDOWN }

    Stop stopRequested();

    /** A progress snapshot (at most every few seconds and at each epoch end). */
    void progress(JobProgress progress);

    /** A checkpoint was written for {@code epoch} (1-based, completed epochs). */
    void checkpointed(int epoch);

    /**
     * How a latency-budget job's decoded networks are timed on its device, and how many may be: the one call of
     * this interface that may block (until the device answers, the run is stopped, or the worker's wait runs out).
     * By default there is no device to measure on.
     */
    default DeviceChecks deviceChecks() {
        return DeviceChecks.NONE;
    }

    /**
     * @param maxRounds how many networks a job may have measured before its final training
     * @param device    times one network
     */
    record DeviceChecks(int maxRounds, BudgetCorrection.Device device) {

        public static final DeviceChecks NONE = new DeviceChecks(1,
                (widths, round) -> BudgetCorrection.Answer.unavailable("this run has no device to measure on"));
    }
}
