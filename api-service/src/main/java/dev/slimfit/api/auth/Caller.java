package dev.slimfit.api.auth;

import java.util.UUID;

import dev.slimfit.api.error.ApiException;

/**
 * Who is calling, resolved from the bearer secret by {@link BearerAuthenticationProvider}: the administrator, a team (API key),
 * a profiler device (device token), an agent enrolling a new device (enrollment secret), or a search worker
 * (worker secret). Each kind can do only
 * its own things: a team key cannot act as a device and a device token cannot submit jobs.
 */
public record Caller(Kind kind, UUID teamId, UUID deviceId) {

    public enum Kind {
        ADMIN, TEAM, DEVICE, ENROLLMENT, WORKER;

        /** The Spring Security role this kind of caller holds ({@code ROLE_ADMIN}, ...). */
        public String authority() {
            return "ROLE_" + name();
        }
    }

    static final String ATTRIBUTE = Caller.class.getName();

    static Caller ofTeam(UUID teamId) {
        return new Caller(Kind.TEAM, teamId, null);
    }

    static Caller ofDevice(UUID deviceId) {
        return new Caller(Kind.DEVICE, null, deviceId);
    }

    static Caller administrator() {
        return new Caller(Kind.ADMIN, null, null);
    }

    static Caller enrollment() {
        return new Caller(Kind.ENROLLMENT, null, null);
    }

    static Caller worker() {
        return new Caller(Kind.WORKER, null, null);
    }

    public boolean admin() {
        return kind == Kind.ADMIN;
    }

    /** The caller's team; only team keys act for a team. */
    public UUID requireTeam() {
        if (kind != Kind.TEAM) {
            throw forbidden("this endpoint needs a team API key");
        }
        return teamId;
    }

    public void requireAdmin() {
        if (kind != Kind.ADMIN) {
            throw forbidden("this endpoint needs the admin key");
        }
    }

    /** A team or the administrator: callers that may read shared resources such as devices. */
    public void requireTeamOrAdmin() {
        if (kind != Kind.TEAM && kind != Kind.ADMIN) {
            throw forbidden("this endpoint needs a team API key or the admin key");
        }
    }

    /** The calling device, which must be {@code deviceId} when one is given. */
    public UUID requireDevice() {
        if (kind != Kind.DEVICE) {
            throw forbidden("this endpoint needs a device token");
        }
        return deviceId;
    }

    /** Search workers, which claim jobs and report on them with the worker secret. */
    public void requireWorker() {
        if (kind != Kind.WORKER) {
            throw forbidden("this endpoint is for search workers");
        }
    }

    public void requireEnrollment() {
        if (kind != Kind.ENROLLMENT) {
            throw forbidden("registering a device needs the enrollment secret");
        }
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, null);
    }
}
