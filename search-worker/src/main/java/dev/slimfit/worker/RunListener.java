package dev.slimfit.worker;

import java.util.UUID;

import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.worker.search.SearchListener;

/** Connects one running search to its worker: stop requests in, progress and checkpoints out. */
final class RunListener implements SearchListener {

    private final UUID jobId;
    private final EventPublisher events;
    private volatile Stop stop = Stop.NONE;
    private volatile boolean leaseLost;
    private volatile boolean reported;

    RunListener(UUID jobId, EventPublisher events) {
        this.jobId = jobId;
        this.events = events;
    }

    void cancel() {
        stop = Stop.CANCEL;
    }

    void shutdown() {
        if (stop == Stop.NONE) {
            stop = Stop.SHUTDOWN;
        }
    }

    /** Another worker owns the job now: stop without releasing or reporting anything. */
    void leaseLost() {
        leaseLost = true;
        shutdown();
    }

    boolean isLeaseLost() {
        return leaseLost;
    }

    /** The final outcome reached the API: the lease ends with it, so a refused heartbeat is expected now. */
    void reported() {
        reported = true;
    }

    boolean isReported() {
        return reported;
    }

    @Override
    public Stop stopRequested() {
        return stop;
    }

    @Override
    public void progress(JobProgress progress) {
        events.progress(jobId, progress);
    }

    @Override
    public void checkpointed(int epoch) {
        events.checkpoint(jobId);
    }
}
