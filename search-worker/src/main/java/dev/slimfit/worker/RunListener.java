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
    private volatile boolean reporting;

    private final DeviceChecks deviceChecks;

    RunListener(UUID jobId, EventPublisher events) {
        this(jobId, events, null, null);
    }

    /** With the device checks of latency-budget jobs (null settings or API: none). */
    RunListener(UUID jobId, EventPublisher events, JobsApi api, WorkerProperties.LatencyChecks checks) {
        this.jobId = jobId;
        this.events = events;
        this.deviceChecks = api == null || checks == null || checks.maxRounds() < 1 ? DeviceChecks.NONE
                : new DeviceChecks(checks.maxRounds(), new DeviceCheckClient(api, jobId, checks,
                        () -> stop != Stop.NONE));
    }

    @Override
    public DeviceChecks deviceChecks() {
        return deviceChecks;
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

    /**
     * The final outcome is on its way to the API (or has reached it): the lease ends with it, so a heartbeat refused
     * from now on is the expected end of the lease, not a loss (whether the outcome was applied is the outcome
     * call's answer to tell).
     */
    void reporting() {
        reporting = true;
    }

    boolean isReporting() {
        return reporting;
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
