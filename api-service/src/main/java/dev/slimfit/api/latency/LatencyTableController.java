package dev.slimfit.api.latency;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.api.web.LongPoll;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "latency tables", description = "Per-device latency tables fitted from black-box measurements")
class LatencyTableController {

    private final LatencyTableService tables;
    private final VerificationService verifications;
    private final LongPoll longPoll;

    LatencyTableController(LatencyTableService tables, VerificationService verifications, LongPoll longPoll) {
        this.tables = tables;
        this.verifications = verifications;
        this.longPoll = longPoll;
    }

    @PostMapping("/api/v1/latency-tables")
    @Operation(summary = "Request a new table version: its configurations become profiling tasks for the device",
            description = "Answers the table as GET /api/v1/latency-tables/{id} does, without entries and "
                    + "measurements.")
    ResponseEntity<LatencyTableDtos.TableView> create(@Parameter(hidden = true) Caller caller,
            @Valid @RequestBody LatencyTableDtos.CreateTableRequest request) {
        caller.requireTeamOrAdmin();
        LatencyTableDtos.TableView created = tables.create(request);
        return ResponseEntity.created(URI.create("/api/v1/latency-tables/" + created.id())).body(created);
    }

    @GetMapping("/api/v1/latency-tables/{id}")
    @Operation(summary = "A table: status, progress, fit figures, fastest and slowest predicted latency, entries "
            + "and raw measurements")
    LatencyTableDtos.TableDetail get(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        caller.requireTeamOrAdmin();
        return tables.detail(id);
    }

    @GetMapping("/api/v1/devices/{deviceId}/latency-tables")
    @Operation(summary = "A device's tables, newest first")
    List<LatencyTableDtos.TableView> forDevice(@Parameter(hidden = true) Caller caller,
            @PathVariable UUID deviceId) {
        caller.requireTeamOrAdmin();
        return tables.forDevice(deviceId);
    }

    @PostMapping("/api/v1/latency-tables/{id}/verify")
    @Operation(summary = "Measure given configurations on the device and compare with the table's prediction",
            description = "Waits up to waitSeconds for the device: 200 with the comparison when it answered, "
                    + "202 with a Location to poll otherwise.")
    DeferredResult<ResponseEntity<LatencyTableDtos.Verification>> verify(@Parameter(hidden = true) Caller caller,
            @PathVariable UUID id, @Valid @RequestBody LatencyTableDtos.VerifyRequest request) {
        caller.requireTeamOrAdmin();
        LatencyTableDtos.Verification started = verifications.start(id, request);
        UUID verification = started.verificationId();
        URI location = URI.create("/api/v1/latency-tables/" + id + "/verifications/" + verification);
        Duration wait = Duration.ofSeconds(request.waitSeconds() == null ? 0 : request.waitSeconds());
        return longPoll.from(started, wait, () -> verifications.get(id, verification), VerificationService::done,
                v -> VerificationService.done(v) ? ResponseEntity.ok().location(location).body(v)
                        : ResponseEntity.accepted().location(location).body(v));
    }

    @GetMapping("/api/v1/latency-tables/{id}/verifications/{verificationId}")
    @Operation(summary = "A verification: predicted against measured latency per configuration")
    LatencyTableDtos.Verification verification(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @PathVariable UUID verificationId) {
        caller.requireTeamOrAdmin();
        return verifications.get(id, verificationId);
    }
}
