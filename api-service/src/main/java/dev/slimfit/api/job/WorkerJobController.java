package dev.slimfit.api.job;

import java.util.UUID;

import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.core.contract.ClaimRequest;
import dev.slimfit.core.contract.JobClaim;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.LatencyCheck;
import dev.slimfit.core.contract.LeaseState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The workers' side of jobs (worker secret): claim a queued job under a lease, keep the lease alive (and learn of
 * a cancel), hand it back on shutdown, have decoded networks timed on the job's device, upload artifacts, and
 * report the final outcome. The bodies are search-core's
 * contract records, the same ones the worker sends and reads; progress and checkpoints travel as broker events.
 */
@RestController
@RequestMapping("/api/v1/worker/jobs")
@Tag(name = "workers", description = "Job leases, outcomes and artifacts for search workers (worker secret)")
class WorkerJobController {

    private final WorkerJobService service;
    private final LatencyChecks latencyChecks;

    WorkerJobController(WorkerJobService service, LatencyChecks latencyChecks) {
        this.service = service;
        this.latencyChecks = latencyChecks;
    }

    @PostMapping("/{id}/claim")
    @Operation(summary = "Claim a QUEUED job: it becomes RUNNING under this worker's lease (409 if not claimable)",
            description = "The answer carries the job's spec and, for a latency budget, the device's latency table.")
    JobClaim claim(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @RequestBody ClaimRequest request) {
        caller.requireWorker();
        return service.claim(id, workerId(request));
    }

    @PostMapping("/{id}/heartbeat")
    @Operation(summary = "Renew the lease; the answer says whether the job was cancelled")
    LeaseState heartbeat(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @RequestBody ClaimRequest request) {
        caller.requireWorker();
        return service.heartbeat(id, workerId(request));
    }

    @PostMapping("/{id}/release")
    @Operation(summary = "Give the job back unfinished (graceful shutdown): it is queued again")
    LeaseState release(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @RequestBody ClaimRequest request) {
        caller.requireWorker();
        return service.release(id, workerId(request));
    }

    @PostMapping("/{id}/outcome")
    @Operation(summary = "Report how the run ended (SUCCEEDED with its result, FAILED with its failure, CANCELLED)",
            description = "Applied at once, while the worker still holds the lease. Idempotent by outcomeId: a "
                    + "repeat answers 200 with the job's current state. 409 lease-lost when this worker does not "
                    + "hold the lease, 409 illegal-transition when the job already finished.")
    LeaseState outcome(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @RequestBody JobOutcome outcome) {
        caller.requireWorker();
        validate(outcome);
        return service.outcome(id, outcome);
    }

    @PostMapping("/{id}/latency-checks")
    @Operation(summary = "Have a decoded network timed on the job's device (latency budgets)",
            description = "Queues a verification task for the device's agent and answers PENDING with the check's "
                    + "id, or UNAVAILABLE at once when the device is offline. 409 no-latency-budget for other "
                    + "budgets, 409 lease-lost unless this worker holds the job, 422 naming widths or round.")
    LatencyCheck requestLatencyCheck(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @RequestBody LatencyCheck.Request request) {
        caller.requireWorker();
        if (request == null) {
            throw ApiException.invalid("body", "send workerId, widths and round as a JSON object");
        }
        requireWorkerId(request.workerId());
        return latencyChecks.request(id, request);
    }

    @GetMapping("/{id}/latency-checks/{checkId}")
    @Operation(summary = "Where a latency check stands: PENDING, DONE with measuredMs, or UNAVAILABLE")
    LatencyCheck latencyCheck(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @PathVariable UUID checkId, @RequestParam String workerId) {
        caller.requireWorker();
        return latencyChecks.get(id, checkId, requireWorkerId(workerId));
    }

    @PutMapping(path = "/{id}/artifacts/{name}", consumes = "*/*")
    @Operation(summary = "Upload an artifact of a job this worker holds (replaces one of the same name)")
    ResponseEntity<Void> putArtifact(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @PathVariable @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}") String name,
            @RequestHeader("X-Worker-Id") String workerId,
            @RequestHeader(name = "Content-Type", defaultValue = "application/octet-stream") String contentType,
            @RequestBody byte[] content) {
        caller.requireWorker();
        service.storeArtifact(id, workerId, name, contentType, content);
        return ResponseEntity.noContent().build();
    }

    private static String workerId(ClaimRequest request) {
        return requireWorkerId(request == null ? null : request.workerId());
    }

    private static String requireWorkerId(String workerId) {
        if (workerId == null || workerId.isBlank()) {
            throw ApiException.invalid("workerId", "must not be blank");
        }
        if (workerId.length() > ClaimRequest.MAX_WORKER_ID) {
            throw ApiException.invalid("workerId", "size must be between 1 and " + ClaimRequest.MAX_WORKER_ID);
        }
        return workerId;
    }

    private static void validate(JobOutcome outcome) {
        if (outcome == null) {
            throw ApiException.invalid("body", "send the outcome as a JSON object");
        }
        if (outcome.outcomeId() == null) {
            throw ApiException.invalid("outcomeId", "must be set: one new UUID per outcome, kept across retries");
        }
        requireWorkerId(outcome.workerId());
        if (outcome.kind() == null) {
            throw ApiException.invalid("kind", "must be one of SUCCEEDED, FAILED, CANCELLED");
        }
        switch (outcome.kind()) {
            case SUCCEEDED -> {
                if (outcome.result() == null) {
                    throw ApiException.invalid("result", "a SUCCEEDED outcome carries its result");
                }
                if (outcome.result().widths() == null || outcome.result().widths().isEmpty()) {
                    throw ApiException.invalid("result.widths", "a result names the width of every layer");
                }
            }
            case FAILED -> {
                if (outcome.failure() == null) {
                    throw ApiException.invalid("failure", "a FAILED outcome carries its failure");
                }
                if (outcome.failure().type() == null) {
                    throw ApiException.invalid("failure.type", "a failure has a type, e.g. WORKER_ERROR");
                }
            }
            case CANCELLED -> {
            }
        }
    }
}
