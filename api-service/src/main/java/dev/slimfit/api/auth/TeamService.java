package dev.slimfit.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.error.ApiException;

@Service
class TeamService {

    private final TeamRepository teams;
    private final ApiKeyRepository keys;
    private final Clock clock;
    private final TeamKeyCache keyCache;

    TeamService(TeamRepository teams, ApiKeyRepository keys, Clock clock, TeamKeyCache keyCache) {
        this.teams = teams;
        this.keys = keys;
        this.clock = clock;
        this.keyCache = keyCache;
    }

    @Transactional
    AdminController.IssuedKeyResponse createTeam(String name) {
        if (teams.existsByName(name)) {
            throw ApiException.conflict("team-exists", "a team named '" + name + "' already exists");
        }
        Team team = teams.save(new Team(UUID.randomUUID(), name, clock.instant()));
        return issue(team.id(), "initial");
    }

    @Transactional(readOnly = true)
    List<AdminController.TeamResponse> listTeams() {
        return teams.findAll().stream()
                .map(t -> new AdminController.TeamResponse(t.id(), t.name(), t.createdAt()))
                .toList();
    }

    @Transactional
    AdminController.IssuedKeyResponse issueKey(UUID teamId, String label) {
        requireTeam(teamId);
        return issue(teamId, label);
    }

    @Transactional(readOnly = true)
    List<AdminController.KeyResponse> listKeys(UUID teamId) {
        requireTeam(teamId);
        return keys.findByTeamIdOrderByCreatedAt(teamId).stream()
                .map(k -> new AdminController.KeyResponse(k.id(), k.keyPrefix(), k.label(), k.createdAt(),
                        k.revokedAt()))
                .toList();
    }

    @Transactional
    void revokeKey(UUID teamId, UUID keyId) {
        ApiKey key = keys.findById(keyId).filter(k -> k.teamId().equals(teamId))
                .orElseThrow(() -> ApiException.notFound("key " + keyId));
        key.revoke(clock.instant());
        keyCache.forgetAllAfterCommit();
    }

    private void requireTeam(UUID teamId) {
        if (!teams.existsById(teamId)) {
            throw ApiException.notFound("team " + teamId);
        }
    }

    private AdminController.IssuedKeyResponse issue(UUID teamId, String label) {
        String plain = KeyHasher.newKey();
        Instant now = clock.instant();
        ApiKey key = keys.save(new ApiKey(UUID.randomUUID(), teamId, KeyHasher.displayPrefix(plain),
                KeyHasher.hash(plain), label, now));
        return new AdminController.IssuedKeyResponse(teamId, key.id(), plain, key.keyPrefix(), label, now);
    }
}
