package dev.slimfit.api.job;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.core.contract.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "jobs", description = "Submit, follow and cancel width-search jobs")
class JobController {

    private final JobService service;
    private final DecodeService decoder;
    private final ArtifactStore artifacts;

    JobController(JobService service, DecodeService decoder, ArtifactStore artifacts) {
        this.service = service;
        this.decoder = decoder;
        this.artifacts = artifacts;
    }

    @PostMapping
    @Operation(summary = "Submit a search job",
            description = "201 with Location for a new job; 200 with the same job when an Idempotency-Key is "
                    + "retried with the same body; 409 when the key was used with a different body.")
    ResponseEntity<JobResponse> submit(@Parameter(hidden = true) Caller caller,
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 200)
            String idempotencyKey,
            @Valid @RequestBody CreateJobRequest request) {
        JobService.Submitted submitted = service.submit(caller.requireTeam(), request, idempotencyKey);
        URI location = URI.create("/api/v1/jobs/" + submitted.job().id());
        return submitted.created() ? ResponseEntity.created(location).body(submitted.job())
                : ResponseEntity.ok().location(location).body(submitted.job());
    }

    @GetMapping
    @Operation(summary = "List the team's jobs, newest first",
            description = "Page with the cursor: leave it out for the newest jobs, then pass each answer's "
                    + "nextCursor as cursor while hasMore is true. The page parameter is deprecated: it skips "
                    + "rows and counts all the team's jobs on every call (totalItems, totalPages); it cannot be "
                    + "combined with cursor.")
    JobListResponse list(@Parameter(hidden = true) Caller caller,
            @RequestParam(required = false) JobStatus status,
            @RequestParam(required = false) @Size(min = 1, max = 200)
            @Parameter(description = "nextCursor of the previous page") String cursor,
            @RequestParam(required = false) @Min(0) @Max(100_000)
            @Parameter(deprecated = true, description = "page number from 0; use cursor instead") Integer page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        UUID team = caller.requireTeam();
        if (page != null && cursor != null) {
            throw dev.slimfit.api.error.ApiException.badRequest("cursor",
                    "pass either cursor or the deprecated page, not both");
        }
        if (page != null) {
            return service.listByPageNumber(team, status, page, size);
        }
        return service.list(team, status, cursor == null ? null : JobCursor.decode(cursor), size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get one job")
    JobResponse get(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        return service.get(caller.requireTeam(), id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job (idempotent); a finished job answers 409")
    JobResponse cancel(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        return service.cancel(caller.requireTeam(), id);
    }

    @GetMapping("/{id}/events")
    @Operation(summary = "A page of the job's event stream after sequence number 'after'")
    JobEventResponse.Page events(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return service.events(caller.requireTeam(), id, after, limit);
    }

    @PostMapping("/{id}/decode")
    @Operation(summary = "Re-decode a finished OWS/AOWS job for another budget or device, without retraining")
    DecodeService.DecodeResponse decode(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody DecodeService.DecodeRequest request) {
        return decoder.decode(caller.requireTeam(), id, request.budget());
    }

    @GetMapping("/{id}/artifacts")
    @Operation(summary = "The job's artifacts: decoded architecture, fine-tuned weights")
    java.util.List<ArtifactStore.ArtifactInfo> artifacts(@Parameter(hidden = true) Caller caller,
            @PathVariable UUID id) {
        requireOwn(caller, id);
        return artifacts.list(id);
    }

    @GetMapping("/{id}/artifacts/{name}")
    @Operation(summary = "Download one artifact")
    ResponseEntity<StreamingResponseBody> artifact(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @PathVariable String name) {
        requireOwn(caller, id);
        ArtifactStore.Artifact artifact = artifacts.get(id, name)
                .orElseThrow(() -> dev.slimfit.api.error.ApiException.notFound("artifact " + name));
        byte[] content = artifact.content();
        // Written on Spring MVC's task executor, not a request thread: a slow reader of a large artifact does not
        // hold one of the few request threads (server.tomcat.threads.max) for the length of its download.
        return ResponseEntity.ok()
                .header("Content-Type", artifact.info().contentType())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("ETag", "\"" + artifact.info().sha256() + "\"")
                .contentLength(content.length)
                .body(out -> out.write(content));
    }

    private void requireOwn(Caller caller, UUID jobId) {
        service.requireOwn(caller.requireTeam(), jobId);
    }
}
