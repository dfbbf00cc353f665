package dev.slimfit.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a job stops being retried ({@code slimfit.api.job-attempts.*}).
 *
 * @param maxLostLeases how many times a job's worker may stop renewing its lease (it died, was killed, lost the
 *                      network for longer than the lease) before the job FAILS with {@code WORKER_LOST} instead of
 *                      being queued again; graceful releases do not count; at least 1
 */
@ConfigurationProperties("slimfit.api.job-attempts")
public record JobAttemptProperties(@DefaultValue("3") int maxLostLeases) {

    public JobAttemptProperties {
        if (maxLostLeases < 1) {
            throw new IllegalArgumentException("slimfit.api.job-attempts.max-lost-leases must be at least 1");
        }
    }
}
