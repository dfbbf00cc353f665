package dev.slimfit.api.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the API behaves around outages of its database or of itself ({@code slimfit.api.outage.*}).
 *
 * @param retryAfter  the {@code Retry-After} of the 503 answered while the database cannot be reached: about how
 *                    long a restart or fail-over takes, so clients neither hammer nor give up
 * @param detectAfter a lease sweeper whose previous successful run is older than this concludes that the API or
 *                    its database was unreachable in between (it normally runs every second)
 * @param leaseGrace  after such a gap, every lease that was still valid when the sweeper last ran is extended to at
 *                    least now plus this, so workers that kept running through the outage have time to renew it
 *                    before they are treated as dead; one job lease (60 s) by default, several heartbeats
 */
@ConfigurationProperties("slimfit.api.outage")
public record OutageProperties(
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("10s") Duration detectAfter,
        @DefaultValue("60s") Duration leaseGrace) {

    /** {@link #retryAfter} in whole seconds, at least 1, as the header wants it. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
