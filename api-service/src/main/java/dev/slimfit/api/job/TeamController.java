package dev.slimfit.api.job;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.api.config.RateLimitProperties;
import dev.slimfit.api.config.TeamLimitProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The calling team's limits and what it has under way: what decides whether its next request waits. */
@RestController
@RequestMapping("/api/v1/team")
@Tag(name = "jobs")
class TeamController {

    /**
     * @param requests        all of the team's API requests: a bucket of {@code burst}, refilled at {@code perSecond}
     * @param submits         job submissions, idempotent retries included
     * @param runningJobs     jobs running or on the queue at once (0: no limit); more are held, not refused
     */
    record Limits(RateLimitProperties.Limit requests, RateLimitProperties.Limit submits, int runningJobs) {
    }

    /**
     * @param active            running, cancelling, or queued with a message: what counts against runningJobs
     * @param held              QUEUED behind the running-jobs limit
     * @param waitingForLatency waiting for a device's latency table
     */
    record Usage(long active, long held, long waitingForLatency) {
    }

    record TeamView(UUID teamId, Limits limits, Usage usage) {
    }

    private final RateLimitProperties rates;
    private final TeamLimitProperties limits;
    private final JdbcClient jdbc;

    TeamController(RateLimitProperties rates, TeamLimitProperties limits, JdbcClient jdbc) {
        this.rates = rates;
        this.limits = limits;
        this.jdbc = jdbc;
    }

    @GetMapping
    @Transactional(readOnly = true)
    @Operation(summary = "The calling team's limits (requests, submits, running jobs) and its jobs under way")
    TeamView team(@Parameter(hidden = true) Caller caller) {
        UUID team = caller.requireTeam();
        Usage usage = jdbc.sql("""
                SELECT count(*) FILTER (WHERE %s),
                       count(*) FILTER (WHERE status = 'QUEUED' AND held),
                       count(*) FILTER (WHERE status = 'WAITING_FOR_LATENCY')
                FROM jobs WHERE team_id = :team AND status IN
                  ('QUEUED', 'RUNNING', 'CANCELLING', 'WAITING_FOR_LATENCY')""".formatted(TeamDispatch.HOLDS_SLOT))
                .param("team", team).query((rs, n) -> new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
        return new TeamView(team, new Limits(rates.teamRequests(), rates.teamSubmits(), limits.runningJobs()),
                usage);
    }
}
