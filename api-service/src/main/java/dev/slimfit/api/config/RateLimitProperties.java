package dev.slimfit.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request limits of the API ({@code slimfit.api.rate-limit.*}), each a token bucket: {@code burst} requests at
 * once, refilled at {@code per-second}. A burst of 0 switches a limit off. Refused requests are 429 problem+json
 * with {@code Retry-After}.
 *
 * @param failedAuthentication unknown or malformed secrets per source address; while exhausted, any request from
 *                             that address that presents a secret is refused before the secret is looked up
 * @param teamRequests         {@code /api/**} requests per team API key holder (all of a team's keys together)
 * @param teamSubmits          job submissions ({@code POST /api/v1/jobs}) per team, idempotent retries included
 */
@ConfigurationProperties("slimfit.api.rate-limit")
public record RateLimitProperties(
        @DefaultValue Limit failedAuthentication,
        @DefaultValue Limit teamRequests,
        @DefaultValue Limit teamSubmits) {

    public RateLimitProperties {
        failedAuthentication = failedAuthentication.orDefaults(100, 10);
        teamRequests = teamRequests.orDefaults(1000, 300);
        teamSubmits = teamSubmits.orDefaults(100, 20);
    }

    /** One bucket's size and refill rate; an unset part takes the limit's default. */
    public record Limit(Integer burst, Double perSecond) {

        Limit orDefaults(int defaultBurst, double defaultPerSecond) {
            return new Limit(burst == null ? defaultBurst : burst, perSecond == null ? defaultPerSecond : perSecond);
        }
    }
}
