package dev.slimfit.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what one team may have under way ({@code slimfit.api.team-limits.*}), shown to the team at
 * {@code GET /api/v1/team}.
 *
 * @param runningJobs how many of a team's jobs may be running or on the queue at once; further QUEUED jobs are held
 *                    (accepted, not refused) and dispatched, highest priority and oldest first, as the team's jobs
 *                    finish. 0 means no limit.
 */
@ConfigurationProperties("slimfit.api.team-limits")
public record TeamLimitProperties(@DefaultValue("0") int runningJobs) {

    public TeamLimitProperties {
        if (runningJobs < 0) {
            throw new IllegalArgumentException("slimfit.api.team-limits.running-jobs must be 0 (no limit) or more");
        }
    }
}
