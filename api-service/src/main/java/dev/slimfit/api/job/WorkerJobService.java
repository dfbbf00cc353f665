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
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.JobTrigger;

/** Job leases for workers: who runs a job, until when, and which attempt it is. */
@Service
class WorkerJobService {

    private final JobRepository jobs;
    private final JobTransitions transitions;
    private final JobService jobService;
    private final JobMapper mapper;
    private final ArtifactStore artifacts;
    private final LatencyTables latencyTables;
    private final ApiProperties properties;
    private final Clock clock;

    WorkerJobService(JobRepository jobs, JobTransitions transitions, JobService jobService, JobMapper mapper,
                     ArtifactStore artifacts, LatencyTables latencyTables, ApiProperties properties, Clock clock) {
        this.jobs = jobs;
        this.transitions = transitions;
        this.jobService = jobService;
        this.mapper = mapper;
        this.artifacts = artifacts;
        this.latencyTables = latencyTables;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    WorkerJobController.Claim claim(UUID jobId, String workerId) {
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
        String tableJson = job.latencyTableId() == null ? null : latencyTables.json(job.latencyTableId());
        return new WorkerJobController.Claim(job.id(), job.attempt(), mapper.spec(job), job.leaseExpiresAt(),
                job.latencyTableId(), tableJson);
    }

    @Transactional
    WorkerJobController.LeaseState heartbeat(UUID jobId, String workerId) {
        Job job = held(jobId, workerId);
        job.renewLease(clock.instant().plus(properties.jobLease()));
        return state(job);
    }

    @Transactional
    WorkerJobController.LeaseState release(UUID jobId, String workerId) {
        held(jobId, workerId);
        transitions.apply(jobId, JobTrigger.LEASE_EXPIRED, UUID.randomUUID(), "RELEASED",
                Map.of("workerId", workerId), this::requeueIfQueued);
        return state(locked(jobId));
    }

    /** After a lease ends: no worker holds the job; if it is QUEUED again, its message goes back on the queue. */
    void requeueIfQueued(Job job) {
        job.clearLease();
        if (job.status() == JobStatus.QUEUED) {
            jobService.enqueue(job, mapper.spec(job));
        }
    }

    @Transactional
    void storeArtifact(UUID jobId, String workerId, String name, String contentType, byte[] content) {
        held(jobId, workerId);
        artifacts.put(jobId, name, contentType, content);
    }

    private Job held(UUID jobId, String workerId) {
        Job job = locked(jobId);
        if (!job.leasedTo(workerId) || job.status().isTerminal()) {
            throw ApiException.conflict("lease-lost", "job " + jobId + " is " + job.status() + " and not held by "
                    + workerId + "; stop working on it");
        }
        return job;
    }

    private Job locked(UUID jobId) {
        return jobs.findForUpdate(jobId).orElseThrow(() -> ApiException.notFound("job " + jobId));
    }

    private static WorkerJobController.LeaseState state(Job job) {
        return new WorkerJobController.LeaseState(job.id(), job.status(), job.status() == JobStatus.CANCELLING,
                job.leaseExpiresAt());
    }
}
