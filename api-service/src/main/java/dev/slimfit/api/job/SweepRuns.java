package dev.slimfit.api.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * When each sweep last completed, in {@code sweep_runs}, shared by every API replica and kept across restarts, by
 * the database's clock. A sweep that finds its previous run much older than its period knows that no sweep ran in
 * between: every replica was down, or the database was unreachable. Leases could not be renewed then either, so
 * their expiry says nothing about whether their holders are alive.
 */
@Component
class SweepRuns {

    /** A gap in a sweep's runs: from its last completed run to now. */
    record Gap(Instant lastRun, Duration length) {
    }

    private final JdbcClient jdbc;

    SweepRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that sweep {@code name} runs now (commits with the caller's transaction) and returns the gap since
     * its previous run when that is longer than {@code detectAfter}. The row is locked until the caller commits, so
     * replicas take turns and only one of them sees (and handles) a given gap. A sweep's very first run has no gap.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Gap> markRun(String name, Duration detectAfter) {
        jdbc.sql("INSERT INTO sweep_runs (name, last_run_at) VALUES (:name, now()) ON CONFLICT (name) DO NOTHING")
                .param("name", name).update();
        Gap previous = jdbc.sql("""
                SELECT last_run_at, EXTRACT(EPOCH FROM (now() - last_run_at)) * 1000 AS gap_ms
                FROM sweep_runs WHERE name = :name FOR UPDATE""")
                .param("name", name)
                .query((rs, n) -> new Gap(rs.getTimestamp("last_run_at").toInstant(),
                        Duration.ofMillis(Math.max(0, Math.round(rs.getDouble("gap_ms"))))))
                .single();
        jdbc.sql("UPDATE sweep_runs SET last_run_at = now() WHERE name = :name").param("name", name).update();
        return previous.length().compareTo(detectAfter) > 0 ? Optional.of(previous) : Optional.empty();
    }
}
