package dev.slimfit.api.latency;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.api.web.LongPoll;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The agents' side of profiling: every endpoint needs a device token and touches only that device's tasks. */
@RestController
@RequestMapping("/api/v1/profiling-tasks")
@Tag(name = "agents", description = "Profiler agents: registration (enrollment secret), heartbeats and "
        + "profiling tasks (device token)")
class ProfilingController {

    private final ProfilingService profiling;
    private final LongPoll longPoll;

    ProfilingController(ProfilingService profiling, LongPoll longPoll) {
        this.profiling = profiling;
        this.longPoll = longPoll;
    }

    @PostMapping("/claim")
    @Operation(summary = "Long-poll for the next task of this device: 200 with a leased task, 204 when none came",
            description = "Waits up to waitSeconds without holding a server thread: the claim is tried at once and "
                    + "then every 250 ms.")
    DeferredResult<ResponseEntity<LatencyTableDtos.ClaimedTask>> claim(@Parameter(hidden = true) Caller caller,
            @RequestParam(defaultValue = "20") @Min(0) @Max(60) int waitSeconds) {
        UUID device = caller.requireDevice();
        // A task leased by a check whose request had already ended goes back to PENDING at once, attempt unused.
        return longPoll.until(Duration.ofSeconds(waitSeconds), () -> profiling.claim(device), Optional::isPresent,
                task -> task.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build()),
                task -> task.ifPresent(t -> profiling.unclaim(t.taskId())));
    }

    @PostMapping("/{id}/measurements")
    @Operation(summary = "Upload a batch of measurements (idempotent per configuration index); extends the lease")
    LatencyTableDtos.UploadResult upload(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody LatencyTableDtos.UploadRequest request) {
        return profiling.upload(caller.requireDevice(), id, request);
    }

    @PostMapping("/{id}/complete")
    @Operation(summary = "Finish a task whose every configuration was measured")
    ResponseEntity<Void> complete(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        profiling.complete(caller.requireDevice(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/fail")
    @Operation(summary = "Give a task up with a reason; it is retried until its attempts run out")
    ResponseEntity<Void> fail(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody LatencyTableDtos.FailRequest request) {
        profiling.fail(caller.requireDevice(), id, request.reason());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/release")
    @Operation(summary = "Hand a task back unfinished (graceful shutdown); measurements uploaded so far are kept")
    ResponseEntity<Void> release(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        profiling.release(caller.requireDevice(), id);
        return ResponseEntity.noContent().build();
    }
}
