package dev.slimfit.api.device;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** A registered profiler device. Its token is stored as a SHA-256 digest only. */
@Entity
@Table(name = "devices")
class Device {

    @Id
    private UUID id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;

    @Column(nullable = false, length = 100)
    private String runtime;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String hardware;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected Device() {
    }

    Device(UUID id, String name, String tokenHash, String runtime, String hardwareJson, Instant now) {
        this.id = id;
        this.name = name;
        this.tokenHash = tokenHash;
        this.runtime = runtime;
        this.hardware = hardwareJson;
        this.registeredAt = now;
        this.lastSeenAt = now;
    }

    void seen(Instant now, String hardwareJson) {
        lastSeenAt = now;
        if (hardwareJson != null) {
            hardware = hardwareJson;
        }
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    boolean online(Instant now, Duration offlineAfter) {
        return revokedAt == null && lastSeenAt.plus(offlineAfter).isAfter(now);
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    String runtime() {
        return runtime;
    }

    String hardware() {
        return hardware;
    }

    Instant registeredAt() {
        return registeredAt;
    }

    Instant lastSeenAt() {
        return lastSeenAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }
}
