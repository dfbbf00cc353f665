package dev.slimfit.api.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.IllegalTransitionException;
import dev.slimfit.core.contract.JobClaim;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.JobTrigger;
import dev.slimfit.core.contract.LeaseState;

/** Job leases for workers: who runs a job, until when, which attempt it is, and how it ended. */
@Service
class WorkerJobService {

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobTransitions transitions;
    private final JobService jobService;
    private final JobMapper mapper;
    private final WorkerReports reports;
    private final ArtifactStore artifacts;
    private final LatencyTables latencyTables;
    private final ApiProperties properties;
    private final Clock clock;

    WorkerJobService(JobRepository jobs, JobEventRepository events, JobTransitions transitions,
                     JobService jobService, JobMapper mapper, WorkerReports reports, ArtifactStore artifacts,
                     LatencyTables latencyTables, ApiProperties properties, Clock clock) {
        this.jobs = jobs;
        this.events = events;
        this.transitions = transitions;
        this.jobService = jobService;
        this.mapper = mapper;
        this.reports = reports;
        this.artifacts = artifacts;
        this.latencyTables = latencyTables;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    JobClaim claim(UUID jobId, String workerId) {
        Job job = locked(jobId);
        boolean repeated = job.status() == JobStatus.RUNNING && job.leasedTo(workerId);
        if (!repeated) {
            if (job.status() != JobStatus.QUEUED) {
                throw ApiException.conflict("not-claimable", "job " + jobId + " is " + job.status()
                        + (job.workerId() == null ? "" : " with worker " + job.workerId()) + "; nothing to run");
            }
            JobSpec spec = mapper.spec(job);
            // A resumed job keeps the table it was trained against; a first run takes the newest READY one.
            UUID table = job.latencyTableId();
            if (table == null && spec.budget().kind() == Budget.Kind.LATENCY) {
                table = latencyTables.ready(UUID.fromString(spec.budget().deviceId()), spec.searchSpace())
                        .map(LatencyTables.ReadyTable::tableId).orElseThrow(() -> ApiException.conflict(
                                "latency-table-missing", "no READY latency table for the job's device"));
            }
            UUID chosen = table;
            Instant until = clock.instant().plus(properties.jobLease());
            transitions.apply(jobId, JobTrigger.WORKER_STARTED, UUID.randomUUID(), "STARTED",
                    Map.of("workerId", workerId), j -> {
                        j.lease(workerId, until);
                        if (chosen != null) {
                            j.useLatencyTable(chosen);
                        }
                    });
        }
        UUID tableId = job.latencyTableId();
        return new JobClaim(job.id(), job.attempt(), mapper.spec(job), job.leaseExpiresAt(), tableId,
                tableId == null ? null : latencyTables.document(tableId),
                tableId == null ? null : latencyTables.residualModel(tableId).orElse(null));
    }

    @Transactional
    LeaseState heartbeat(UUID jobId, String workerId) {
        Job job = held(jobId, workerId);
        job.renewLease(clock.instant().plus(properties.jobLease()));
        return state(job);
    }

    @Transactional
    LeaseState release(UUID jobId, String workerId) {
        held(jobId, workerId);
        transitions.apply(jobId, JobTrigger.LEASE_EXPIRED, UUID.randomUUID(), "RELEASED",
                Map.of("workerId", workerId), this::requeueIfQueued);
        return state(locked(jobId));
    }

    /**
     * Applies a worker's final outcome: the SUCCEEDED, FAILED or CANCELLED trigger, with its result or failure,
     * the lease cleared, and the job event named after the outcome's kind with {@code outcomeId} as its id. A
     * repeat of an applied outcome answers the job's current state.
     *
     * @throws ApiException 409 {@code lease-lost} when the worker does not hold the job, 409
     *                      {@code illegal-transition} when the job already finished (or its state refuses the
     *                      outcome), 409 {@code outcome-id-reused} for an outcome id another job's event has
     */
    @Transactional
    LeaseState outcome(UUID jobId, JobOutcome outcome) {
        Job job = locked(jobId); // locked first: a concurrent repeat waits, then sees the applied event
        if (events.existsByJobIdAndEventId(jobId, outcome.outcomeId())) {
            return state(job);
        }
        if (events.existsByEventId(outcome.outcomeId())) {
            throw ApiException.conflict("outcome-id-reused", "outcome " + outcome.outcomeId()
                    + " was already applied to another job; send a new outcomeId per outcome");
        }
        if (job.status().isTerminal()) {
            throw illegal(job, outcome);
        }
        if (!job.leasedTo(outcome.workerId())) {
            throw leaseLost(job, outcome.workerId());
        }
        JobOutcome.Kind kind = outcome.kind();
        try {
            transitions.apply(jobId, kind.trigger(), outcome.outcomeId(), kind.name(), outcome,
                    reports.finish(kind, outcome.result(), outcome.failure()));
        } catch (IllegalTransitionException e) {
            throw illegal(job, outcome);
        }
        return state(job);
    }

    /** After a lease ends: no worker holds the job; if it is QUEUED again, its message goes back on the queue. */
    void requeueIfQueued(Job job) {
        job.clearLease();
        if (job.status() == JobStatus.QUEUED) {
            jobService.enqueue(job);
        }
    }

    @Transactional
    void storeArtifact(UUID jobId, String workerId, String name, String contentType, byte[] content) {
        held(jobId, workerId);
        artifacts.put(jobId, name, contentType, content);
    }

    /** The job, locked, when {@code workerId} holds its lease; else 409 lease-lost. */
    Job held(UUID jobId, String workerId) {
        Job job = locked(jobId);
        if (!job.leasedTo(workerId) || job.status().isTerminal()) {
            ApiException lost = leaseLost(job, workerId);
            // The worker's own outcome ended the lease and a heartbeat it had in flight arrived after it: the
            // same 409 (the worker stops either way), but not a warning after every finished job.
            throw job.status().isTerminal() && events.finishedBy(jobId, workerId) ? lost.expected() : lost;
        }
        return job;
    }

    private static ApiException leaseLost(Job job, String workerId) {
        return ApiException.conflict("lease-lost", "job " + job.id() + " is " + job.status() + " and not held by "
                + workerId + "; stop working on it");
    }

    private static ApiException illegal(Job job, JobOutcome outcome) {
        return ApiException.conflict("illegal-transition", "job " + job.id() + " is " + job.status()
                + (job.status().isTerminal() ? " already" : "") + "; a " + outcome.kind()
                + " outcome cannot be applied to it");
    }

    private Job locked(UUID jobId) {
        return jobs.findForUpdate(jobId).orElseThrow(() -> ApiException.notFound("job " + jobId));
    }

    private static LeaseState state(Job job) {
        return new LeaseState(job.id(), job.status(), job.status() == JobStatus.CANCELLING, job.leaseExpiresAt());
    }
}
