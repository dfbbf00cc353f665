package dev.slimfit.worker.search;

import dev.slimfit.core.contract.JobProgress;

/** How a running search talks to its worker. Called from the training thread; implementations must be quick. */
public interface SearchListener {

    /** Why the search should stop early, checked once per training step. */
    enum Stop { NONE, CANCEL, SHUTDOWN }

    Stop stopRequested();

    /** A progress snapshot (at most every few seconds and at each epoch end). */
    void progress(JobProgress progress);

    /** A checkpoint was written for {@code epoch} (1-based, completed epochs). */
    void checkpointed(int epoch);
}
