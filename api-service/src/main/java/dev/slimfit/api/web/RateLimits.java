package dev.slimfit.api.web;

import org.springframework.stereotype.Component;

import dev.slimfit.api.config.RateLimitProperties;

/** The API's limiters, built from {@code slimfit.api.rate-limit.*}. */
@Component
public class RateLimits {

    private final RateLimiter failedAuthentication;
    private final RateLimiter teamRequests;
    private final RateLimiter teamSubmits;

    RateLimits(RateLimitProperties properties) {
        this.failedAuthentication = of(properties.failedAuthentication());
        this.teamRequests = of(properties.teamRequests());
        this.teamSubmits = of(properties.teamSubmits());
    }

    private static RateLimiter of(RateLimitProperties.Limit limit) {
        return new RateLimiter(limit.burst(), limit.perSecond());
    }

    /** Per source address, for unknown or malformed secrets. */
    public RateLimiter failedAuthentication() {
        return failedAuthentication;
    }

    /** Per team, for every {@code /api/**} request. */
    public RateLimiter teamRequests() {
        return teamRequests;
    }

    /** Per team, for job submissions. */
    public RateLimiter teamSubmits() {
        return teamSubmits;
    }
}
