package dev.slimfit.api.auth;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Team and API-key management, for the holder of the admin key. */
@RestController
@RequestMapping("/api/v1/admin/teams")
@Tag(name = "admin", description = "Teams and their API keys (admin key only)")
class AdminController {

    private final TeamService teams;

    AdminController(TeamService teams) {
        this.teams = teams;
    }

    record CreateTeamRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]*",
                    message = "letters, digits, space, '.', '_' and '-', starting with a letter or digit")
            String name) {
    }

    record CreateKeyRequest(@Size(max = 100) String label) {
    }

    record TeamResponse(UUID id, String name, Instant createdAt) {
    }

    /** {@code apiKey} is the plain key: shown in this response only, never again. */
    record IssuedKeyResponse(UUID teamId, UUID keyId, String apiKey, String prefix, String label,
                             Instant createdAt) {
    }

    record KeyResponse(UUID keyId, String prefix, String label, Instant createdAt, Instant revokedAt) {
    }

    @PostMapping
    @Operation(summary = "Create a team and issue its first API key")
    ResponseEntity<IssuedKeyResponse> createTeam(@Parameter(hidden = true) Caller caller,
            @Valid @RequestBody CreateTeamRequest request) {
        caller.requireAdmin();
        IssuedKeyResponse issued = teams.createTeam(request.name());
        return ResponseEntity.created(URI.create("/api/v1/admin/teams/" + issued.teamId())).body(issued);
    }

    @GetMapping
    @Operation(summary = "List teams")
    List<TeamResponse> listTeams(@Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        return teams.listTeams();
    }

    @PostMapping("/{teamId}/keys")
    @Operation(summary = "Issue another API key for a team")
    ResponseEntity<IssuedKeyResponse> issueKey(@Parameter(hidden = true) Caller caller, @PathVariable UUID teamId,
            @Valid @RequestBody(required = false) CreateKeyRequest request) {
        caller.requireAdmin();
        IssuedKeyResponse issued = teams.issueKey(teamId, request == null ? null : request.label());
        return ResponseEntity.status(201).body(issued);
    }

    @GetMapping("/{teamId}/keys")
    @Operation(summary = "List a team's keys (prefixes only)")
    List<KeyResponse> listKeys(@Parameter(hidden = true) Caller caller, @PathVariable UUID teamId) {
        caller.requireAdmin();
        return teams.listKeys(teamId);
    }

    @DeleteMapping("/{teamId}/keys/{keyId}")
    @Operation(summary = "Revoke a key (idempotent)")
    ResponseEntity<Void> revokeKey(@Parameter(hidden = true) Caller caller, @PathVariable UUID teamId,
            @PathVariable UUID keyId) {
        caller.requireAdmin();
        teams.revokeKey(teamId, keyId);
        return ResponseEntity.noContent().build();
    }

}
