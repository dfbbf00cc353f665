package dev.slimfit.api.auth;

import java.util.UUID;

import dev.slimfit.api.error.ApiException;

/** Who is calling: the administrator, or a team (by id). Resolved from the bearer key by {@link ApiKeyFilter}. */
public record Caller(UUID teamId, boolean admin) {

    static final String ATTRIBUTE = Caller.class.getName();

    static Caller ofTeam(UUID teamId) {
        return new Caller(teamId, false);
    }

    static Caller administrator() {
        return new Caller(null, true);
    }

    /** The caller's team; the admin key is not a team and cannot act as one. */
    public UUID requireTeam() {
        if (admin) {
            throw new ApiException(403, "forbidden", "Forbidden",
                    "the admin key manages teams; use a team API key for this endpoint", null);
        }
        return teamId;
    }

    public void requireAdmin() {
        if (!admin) {
            throw new ApiException(403, "forbidden", "Forbidden", "this endpoint needs the admin key", null);
        }
    }
}
