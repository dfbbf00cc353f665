package dev.slimfit.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
import dev.slimfit.core.contract.JobClaim;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobMessage;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.LatencyCorrection;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.LeaseState;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.decode.InfeasibleBudgetException;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.ResidualModel;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import dev.slimfit.models.data.InvalidDatasetException;
import dev.slimfit.worker.search.MethodNotAvailableException;
import dev.slimfit.worker.search.SearchEngine;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.SearchStoppedException;

/**
 * Runs one job under a lease: claim it (the claim brings the spec and, for a latency budget, the device's table),
 * keep the lease alive with heartbeats (which also bring a cancel), run the search, then report the outcome (the
 * result, a typed failure or the cancel) over HTTP and return once the API applied it; the heartbeat keeps the
 * lease until then. On shutdown the search checkpoints and the job is handed back, so the next worker resumes it.
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
        JobClaim claim;
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
        RunListener listener = new RunListener(claim.jobId(), events, api, properties.latencyChecks());
        current = listener;
        if (stopping) {
            listener.shutdown(); // shutdown began while this job was being claimed
        }
        long every = properties.heartbeatInterval().toMillis();
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> heartbeat(claim, listener), every, every,
                TimeUnit.MILLISECONDS);
        Path workDir = properties.checkpointDir().resolve(claim.jobId().toString());
        try {
            SearchRequest request = request(claim, workDir);
            SearchOutcome outcome = engine.run(request, listener);
            if (listener.isLeaseLost()) {
                return;
            }
            List<String> uploaded = upload(claim, outcome);
            if (report(claim, listener, JobOutcome.succeeded(api.workerId(), result(claim, outcome, uploaded)))) {
                cleanUp(workDir);
                log.info("job {} succeeded: widths {} test accuracy {}", claim.jobId(),
                        Arrays.toString(outcome.widths()), outcome.testAccuracy());
            }
        } catch (SearchStoppedException e) {
            stopped(claim, listener, e, workDir);
        } catch (JobsApi.NotOursException e) {
            log.warn("job {}: no longer ours ({}); dropped without a report", claim.jobId(), e.getMessage());
        } catch (InvalidDatasetException e) {
            fail(claim, listener, FailureType.BAD_DATASET, e.getMessage());
        } catch (MethodNotAvailableException e) {
            fail(claim, listener, FailureType.METHOD_NOT_AVAILABLE, e.getMessage());
        } catch (InfeasibleBudgetException e) {
            fail(claim, listener, FailureType.INFEASIBLE_BUDGET, e.getMessage());
        } catch (OutOfMemoryError e) {
            fail(claim, listener, FailureType.OUT_OF_MEMORY, "the worker ran out of memory: lower the batch size");
        } catch (RuntimeException e) {
            log.error("job {} failed", claim.jobId(), e);
            fail(claim, listener, FailureType.WORKER_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            beat.cancel(false);
            events.finished(claim.jobId());
            current = null;
        }
    }

    /**
     * The engine's request: a chain space under its budget's cost table, or a multi-stage space under an average-MAC
     * budget. A space this worker does not know, or a budget kind its space kind does not take, is a method this
     * worker cannot run for the job.
     */
    private SearchRequest request(JobClaim claim, Path workDir) {
        JobSpec spec = claim.spec();
        Optional<StagedSpace> staged = StagedSpaces.find(spec.searchSpace());
        if (staged.isPresent()) {
            if (spec.budget().kind() != Budget.Kind.AVERAGE_MACS) {
                throw new MethodNotAvailableException(spec.method());
            }
            return SearchRequest.staged(claim.jobId(), spec.method(), staged.get(), spec.dataset(), spec.training(),
                    spec.budget().averageMacs(), workDir, claim.attempt());
        }
        SearchSpace space = spaces.find(spec.searchSpace()).orElseThrow(() ->
                new MethodNotAvailableException(spec.method()));
        return new SearchRequest(claim.jobId(), spec.method(), space, spec.dataset(), spec.training(),
                budgetCost(claim, space), workDir, claim.attempt());
    }

    /** The job's budget against its cost table: search-core's one mapping, with the claimed latency table. */
    private static BudgetCost budgetCost(JobClaim claim, SearchSpace space) {
        Budget budget = claim.spec().budget();
        LatencyTable table = null;
        if (budget.kind() == Budget.Kind.LATENCY) {
            if (claim.latencyTable() == null) {
                throw new IllegalStateException("a latency job was claimed without its latency table");
            }
            table = claim.latencyTable().toTable(space);
        }
        BudgetCost cost = BudgetCost.of(budget, space, table);
        try {
            return cost.withResidual(claim.latencyResidual());
        } catch (ResidualModel.UnavailableException e) {
            log.warn("job {}: decoding on the table alone: {}", claim.jobId(), e.getMessage());
            return cost;
        }
    }

    private void heartbeat(JobClaim claim, RunListener listener) {
        try {
            if (api.heartbeat(claim.jobId()).cancelRequested()) {
                listener.cancel();
            }
        } catch (JobsApi.NotOursException e) {
            if (listener.isReporting()) {
                log.debug("job {}: heartbeat refused while the outcome is reported ({})", claim.jobId(),
                        e.getMessage());
                return; // the outcome ends the lease; the outcome call says whether it was applied
            }
            log.warn("job {}: lease lost ({}); stopping", claim.jobId(), e.getMessage());
            listener.leaseLost();
        } catch (RuntimeException e) {
            log.warn("job {}: heartbeat failed, will retry: {}", claim.jobId(), e.toString());
        }
    }

    private void stopped(JobClaim claim, RunListener listener, SearchStoppedException e, Path workDir) {
        if (listener.isLeaseLost()) {
            return;
        }
        if (e.reason() == SearchListener.Stop.CANCEL) {
            if (report(claim, listener, JobOutcome.cancelled(api.workerId()))) {
                cleanUp(workDir);
                log.info("job {} cancelled", claim.jobId());
            }
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

    private void fail(JobClaim claim, RunListener listener, FailureType type, String message) {
        log.warn("job {} failed: {} {}", claim.jobId(), type, message);
        report(claim, listener, JobOutcome.failed(api.workerId(), new JobFailure(type, message)));
    }

    /**
     * Reports the outcome and waits for the API to apply it, retrying transient failures with the same outcome id
     * ({@link JobsApi#outcome}); the heartbeat keeps the lease meanwhile.
     *
     * @return whether the API applied it (or had already)
     */
    private boolean report(JobClaim claim, RunListener listener, JobOutcome outcome) {
        listener.reporting();
        try {
            LeaseState state = api.outcome(claim.jobId(), outcome);
            log.debug("job {}: {} outcome applied, job is {}", claim.jobId(), outcome.kind(), state.status());
            return true;
        } catch (JobsApi.NotOursException e) {
            log.warn("job {}: the API refused the {} outcome ({}); the job is not ours any more", claim.jobId(),
                    outcome.kind(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("job {}: the {} outcome could not be reported; the lease will expire and the job run again",
                    claim.jobId(), outcome.kind(), e);
        }
        return false;
    }

    /** Claims, retrying transient failures (API restarting, network) a few times; null when it never answered. */
    private JobClaim claimWithRetries(JobMessage message) {
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

    private List<String> upload(JobClaim claim, SearchOutcome outcome) {
        List<String> names = new ArrayList<>();
        outcome.artifacts().forEach((name, file) -> {
            api.putArtifact(claim.jobId(), name, file);
            names.add(name);
        });
        return names;
    }

    private static JobResult result(JobClaim claim, SearchOutcome o, List<String> artifacts) {
        List<List<Double>> unaries = new ArrayList<>();
        if (o.unaries() != null) {
            for (double[] row : o.unaries()) {
                unaries.add(Arrays.stream(row).boxed().toList());
            }
        }
        boolean latency = claim.spec().budget().kind() == Budget.Kind.LATENCY;
        JobResult result = new JobResult(Arrays.stream(o.widths()).boxed().toList(), o.macs(), o.params(),
                latency ? o.predictedCost() : null, null, o.testAccuracy(), o.backend(),
                o.unaries() == null ? null : unaries, o.paretoFront(), o.metrics(), artifacts, o.dnal(),
                o.enas4d());
        LatencyCorrection correction = o.latencyCorrection();
        if (correction == null) {
            return result;
        }
        result = result.withLatencyCorrection(correction);
        // The network trained is the one a round measured (the last, or a fallback that fitted): its figure is the
        // result's measured latency, so the API need not time it again.
        for (LatencyCorrection.Round round : correction.rounds()) {
            if (round.measuredMs() != null && round.widths().equals(result.widths())) {
                result = result.withMeasuredLatency(round.measuredMs(),
                        round.measuredMs() > claim.spec().budget().latencyMs());
            }
        }
        return result;
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
