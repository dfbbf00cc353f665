package dev.slimfit.api.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The workers' side of jobs (worker secret): claim a queued job under a lease, keep the lease alive (and learn of
 * a cancel), hand it back on shutdown, upload artifacts. Progress and results travel as broker events.
 */
@RestController
@RequestMapping("/api/v1/worker/jobs")
@Tag(name = "workers", description = "Job leases and artifacts for search workers (worker secret)")
class WorkerJobController {

    record WorkerRequest(@NotBlank @Size(max = 200) String workerId) {
    }

    /**
     * A claimed job. {@code latencyTable} is the device's table (search-core JSON) for a latency budget.
     */
    record Claim(UUID jobId, int attempt, JobSpec spec, Instant leaseExpiresAt, UUID latencyTableId,
                 String latencyTable) {
    }

    record LeaseState(UUID jobId, JobStatus status, boolean cancelRequested, Instant leaseExpiresAt) {
    }

    private final WorkerJobService service;

    WorkerJobController(WorkerJobService service) {
        this.service = service;
    }

    @PostMapping("/{id}/claim")
    @Operation(summary = "Claim a QUEUED job: it becomes RUNNING under this worker's lease (409 if not claimable)")
    Claim claim(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody WorkerRequest request) {
        caller.requireWorker();
        return service.claim(id, request.workerId());
    }

    @PostMapping("/{id}/heartbeat")
    @Operation(summary = "Renew the lease; the answer says whether the job was cancelled")
    LeaseState heartbeat(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody WorkerRequest request) {
        caller.requireWorker();
        return service.heartbeat(id, request.workerId());
    }

    @PostMapping("/{id}/release")
    @Operation(summary = "Give the job back unfinished (graceful shutdown): it is queued again")
    LeaseState release(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody WorkerRequest request) {
        caller.requireWorker();
        return service.release(id, request.workerId());
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
}
