package dev.slimfit.api.device;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/devices")
class DeviceController {

    enum DeviceStatus { ONLINE, OFFLINE, REVOKED }

    record RegisterRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*",
                    message = "letters, digits, '.', '_' and '-', starting with a letter or digit") String name,
            @NotBlank @Size(max = 100) String runtime,
            @NotNull @Size(max = 64) Map<String, Object> hardware) {
    }

    /** {@code token} is shown once; the agent stores it to keep its identity across restarts. */
    record Registered(UUID deviceId, String name, String token) {
    }

    record HeartbeatRequest(@Size(max = 64) Map<String, Object> hardware) {
    }

    record DeviceResponse(UUID id, String name, String runtime, DeviceStatus status, Map<String, Object> hardware,
                          Instant registeredAt, Instant lastSeenAt, Instant revokedAt) {
    }

    private final DeviceService devices;

    DeviceController(DeviceService devices) {
        this.devices = devices;
    }

    @PostMapping
    @Tag(name = "agents")
    @Operation(summary = "Register a device (enrollment secret)")
    ResponseEntity<Registered> register(@Parameter(hidden = true) Caller caller,
            @Valid @RequestBody RegisterRequest request) {
        caller.requireEnrollment();
        Registered registered = devices.register(request);
        return ResponseEntity.created(URI.create("/api/v1/devices/" + registered.deviceId())).body(registered);
    }

    @PostMapping("/{id}/heartbeat")
    @Tag(name = "agents")
    @Operation(summary = "Heartbeat from the device itself (device token)")
    DeviceResponse heartbeat(@Parameter(hidden = true) Caller caller, @PathVariable UUID id,
            @Valid @RequestBody(required = false) HeartbeatRequest request) {
        return devices.heartbeat(caller.requireDevice(), id, request == null ? null : request.hardware());
    }

    @GetMapping
    @Tag(name = "devices", description = "Profiler devices and their ONLINE/OFFLINE status")
    @Operation(summary = "List devices with ONLINE/OFFLINE status from heartbeats")
    List<DeviceResponse> list(@Parameter(hidden = true) Caller caller) {
        caller.requireTeamOrAdmin();
        return devices.list();
    }

    @GetMapping("/{id}")
    @Tag(name = "devices")
    @Operation(summary = "One device")
    DeviceResponse get(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        caller.requireTeamOrAdmin();
        return devices.get(id);
    }

    @PostMapping("/{id}/revoke")
    @Tag(name = "admin")
    @Operation(summary = "Revoke a device's token (admin key; idempotent)")
    ResponseEntity<Void> revoke(@Parameter(hidden = true) Caller caller, @PathVariable UUID id) {
        caller.requireAdmin();
        devices.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
