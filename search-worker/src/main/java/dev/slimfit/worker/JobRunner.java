package dev.slimfit.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobMessage;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.InvalidDatasetException;
import dev.slimfit.worker.search.InfeasibleBudgetException;
import dev.slimfit.worker.search.MethodNotAvailableException;
import dev.slimfit.worker.search.SearchEngine;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.SearchStoppedException;

/**
 * Runs one job under a lease: claim it, keep the lease alive with heartbeats (which also bring a cancel), run
 * the search, then report the result, a typed failure or the cancel. On shutdown the search checkpoints and the
 * job is handed back, so the next worker resumes it.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobsApi api;
    private final EventPublisher events;
    private final SearchEngine engine;
    private final WorkerProperties properties;
    private final SearchSpaceRegistry spaces = SearchSpaceRegistry.builtIn();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "worker-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile RunListener current;
    private volatile boolean stopping;

    JobRunner(JobsApi api, EventPublisher events, SearchEngine engine, WorkerProperties properties) {
        this.api = api;
        this.events = events;
        this.engine = engine;
        this.properties = properties;
    }

    /** Asks the running search, if any, to checkpoint and stop. */
    void shutdown() {
        stopping = true;
        RunListener listener = current;
        if (listener != null) {
            listener.shutdown();
        }
    }

    void run(JobMessage message) {
        JobsApi.Claim claim;
        try {
            claim = claimWithRetries(message);
        } catch (JobsApi.NotOursException e) {
            log.info("job {} not claimable, skipped: {}", message.jobId(), e.getMessage());
            return;
        }
        if (claim == null) {
            return; // the API stayed unreachable; its requeue sweep sends the job again later
        }
        log.info("job {}: {} on {} (attempt {})", claim.jobId(), claim.spec().method(), claim.spec().searchSpace(),
                claim.attempt());
        RunListener listener = new RunListener(claim.jobId(), events);
        current = listener;
        if (stopping) {
            listener.shutdown(); // shutdown began while this job was being claimed
        }
        long every = properties.heartbeatInterval().toMillis();
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> heartbeat(claim, listener), every, every,
                TimeUnit.MILLISECONDS);
        try {
            SearchSpace space = spaces.find(claim.spec().searchSpace()).orElseThrow(() ->
                    new MethodNotAvailableException(claim.spec().method()));
            SearchRequest request = new SearchRequest(claim.jobId(), claim.spec().method(), space,
                    claim.spec().dataset(), claim.spec().training(),
                    BudgetCosts.of(claim.spec().budget(), space, claim.latencyTable()),
                    properties.checkpointDir().resolve(claim.jobId().toString()), claim.attempt());
            SearchOutcome outcome = engine.run(request, listener);
            if (listener.isLeaseLost()) {
                return;
            }
            List<String> uploaded = upload(claim, outcome);
            events.succeeded(claim.jobId(), result(claim, outcome, uploaded));
            awaitApplied(claim);
            cleanUp(request.workDir());
            log.info("job {} succeeded: widths {} test accuracy {}", claim.jobId(),
                    Arrays.toString(outcome.widths()), outcome.testAccuracy());
        } catch (SearchStoppedException e) {
            stopped(claim, listener, e);
        } catch (JobsApi.NotOursException e) {
            log.warn("job {}: no longer ours ({}); dropped without a report", claim.jobId(), e.getMessage());
        } catch (InvalidDatasetException e) {
            fail(claim, FailureType.BAD_DATASET, e.getMessage());
        } catch (MethodNotAvailableException e) {
            fail(claim, FailureType.METHOD_NOT_AVAILABLE, e.getMessage());
        } catch (InfeasibleBudgetException e) {
            fail(claim, FailureType.INFEASIBLE_BUDGET, e.getMessage());
        } catch (OutOfMemoryError e) {
            fail(claim, FailureType.OUT_OF_MEMORY, "the worker ran out of memory: lower the batch size");
        } catch (RuntimeException e) {
            log.error("job {} failed", claim.jobId(), e);
            fail(claim, FailureType.WORKER_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            beat.cancel(false);
            current = null;
        }
    }

    private void heartbeat(JobsApi.Claim claim, RunListener listener) {
        try {
            if (api.heartbeat(claim.jobId()).cancelRequested()) {
                listener.cancel();
            }
        } catch (JobsApi.NotOursException e) {
            log.warn("job {}: lease lost ({}); stopping", claim.jobId(), e.getMessage());
            listener.leaseLost();
        } catch (RuntimeException e) {
            log.warn("job {}: heartbeat failed, will retry: {}", claim.jobId(), e.toString());
        }
    }

    private void stopped(JobsApi.Claim claim, RunListener listener, SearchStoppedException e) {
        if (listener.isLeaseLost()) {
            return;
        }
        if (e.reason() == SearchListener.Stop.CANCEL) {
            events.cancelled(claim.jobId());
            cleanUp(properties.checkpointDir().resolve(claim.jobId().toString()));
            log.info("job {} cancelled", claim.jobId());
        } else {
            try {
                api.release(claim.jobId());
                log.info("job {} checkpointed and released for another worker", claim.jobId());
            } catch (RuntimeException releaseFailed) {
                log.warn("job {}: release failed; its lease will expire instead: {}", claim.jobId(),
                        releaseFailed.toString());
            }
        }
    }

    private void fail(JobsApi.Claim claim, FailureType type, String message) {
        log.warn("job {} failed: {} {}", claim.jobId(), type, message);
        events.failed(claim.jobId(), new JobFailure(type, message));
        awaitApplied(claim);
    }

    /**
     * Keeps the lease until the API has applied the final event (then the heartbeat is refused), so a slow event
     * consumer can never see the job swept back to the queue and retrained. Bounded to two minutes.
     */
    private void awaitApplied(JobsApi.Claim claim) {
        for (int second = 0; second < 120; second++) {
            try {
                api.heartbeat(claim.jobId());
            } catch (JobsApi.NotOursException applied) {
                return;
            } catch (RuntimeException e) {
                log.debug("heartbeat while waiting for the final event: {}", e.toString());
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claims, retrying transient failures (API restarting, network) a few times; null when it never answered. */
    private JobsApi.Claim claimWithRetries(JobMessage message) {
        long backoffMillis = 1_000;
        for (int attempt = 1; attempt <= 6 && !stopping; attempt++) {
            try {
                return api.claim(message.jobId());
            } catch (JobsApi.NotOursException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("claiming job {} failed (attempt {}): {}", message.jobId(), attempt, e.toString());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                backoffMillis = Math.min(30_000, backoffMillis * 2);
            }
        }
        return null;
    }

    private List<String> upload(JobsApi.Claim claim, SearchOutcome outcome) {
        List<String> names = new ArrayList<>();
        outcome.artifacts().forEach((name, file) -> {
            api.putArtifact(claim.jobId(), name, file);
            names.add(name);
        });
        return names;
    }

    private static JobResult result(JobsApi.Claim claim, SearchOutcome o, List<String> artifacts) {
        List<List<Double>> unaries = new ArrayList<>();
        if (o.unaries() != null) {
            for (double[] row : o.unaries()) {
                unaries.add(Arrays.stream(row).boxed().toList());
            }
        }
        boolean latency = claim.spec().budget().kind() == Budget.Kind.LATENCY;
        return new JobResult(Arrays.stream(o.widths()).boxed().toList(), o.macs(), o.params(),
                latency ? o.predictedCost() : null, null, o.testAccuracy(), o.backend(),
                o.unaries() == null ? null : unaries, o.paretoFront(), o.metrics(), artifacts);
    }

    private static void cleanUp(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove {}: {}", workDir, e.toString());
        }
    }
}
