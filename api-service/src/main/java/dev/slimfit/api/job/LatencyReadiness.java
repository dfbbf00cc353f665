package dev.slimfit.api.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.api.latency.LatencyTableEvents;
import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobTrigger;

/**
 * Moves jobs waiting for a device's latency table: to QUEUED (with their queue message) when the table is READY,
 * to FAILED when profiling failed. A LOW_QUALITY table queues the jobs that accept one (pinned to that table) and
 * fails the others with its reason ({@code LATENCY_TABLE_LOW_QUALITY}). Runs in the transaction that changed the
 * table, so both commit together.
 */
@Component
class LatencyReadiness {

    private final JdbcClient jdbc;
    private final JobTransitions transitions;
    private final JobService jobs;
    private final TransactionTemplate transactions;

    LatencyReadiness(JdbcClient jdbc, JobTransitions transitions, JobService jobs,
                     TransactionTemplate transactions) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.jobs = jobs;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void onReady(LatencyTableEvents.Ready ready) {
        for (UUID jobId : waiting(ready.deviceId(), ready.searchSpace())) {
            release(jobId, ready.tableId());
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void onFailed(LatencyTableEvents.Failed failed) {
        for (UUID jobId : waiting(failed.deviceId(), failed.searchSpace())) {
            transitions.apply(jobId, JobTrigger.LATENCY_FAILED, UUID.randomUUID(), "LATENCY_FAILED",
                    java.util.Map.of("latencyTableId", failed.tableId().toString(), "reason", failed.reason()),
                    job -> job.recordFailure(FailureType.LATENCY_PROFILING_FAILED.name(),
                            "the latency table for this device could not be built: " + failed.reason()));
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void onLowQuality(LatencyTableEvents.LowQuality low) {
        for (UUID jobId : waiting(low.deviceId(), low.searchSpace())) {
            settleOnLowQuality(jobId, low.tableId(), low.reason());
        }
    }

    private void settleOnLowQuality(UUID jobId, UUID tableId, String reason) {
        boolean accepts = Boolean.TRUE.equals(jdbc.sql("""
                SELECT coalesce((spec -> 'budget' ->> 'acceptLowQualityTable')::boolean, false)
                FROM jobs WHERE id = :id""").param("id", jobId).query(Boolean.class).single());
        if (accepts) {
            transitions.apply(jobId, JobTrigger.LATENCY_READY, UUID.randomUUID(), "LATENCY_READY",
                    Map.of("latencyTableId", tableId.toString(), "lowQuality", true, "reason", reason), job -> {
                        job.useLatencyTable(tableId);
                        jobs.enqueue(job);
                    });
        } else {
            transitions.apply(jobId, JobTrigger.LATENCY_FAILED, UUID.randomUUID(), "LATENCY_FAILED",
                    Map.of("latencyTableId", tableId.toString(), "reason", reason, "lowQuality", true),
                    job -> job.recordFailure(FailureType.LATENCY_TABLE_LOW_QUALITY.name(),
                            "the latency table for this device missed the quality bar (set "
                                    + "budget.acceptLowQualityTable to run on it anyway): " + reason));
        }
    }

    /**
     * A safety net for a job submitted while its table was being fitted, whose submission committed after the
     * table's READY event had looked for waiting jobs: queue every waiting job whose table is READY now.
     */
    @Scheduled(fixedDelayString = "${slimfit.api.sweep-millis:1000}")
    void releaseStragglers() {
        transactions.executeWithoutResult(tx -> {
            List<Map<String, Object>> ready = jdbc.sql("""
                    SELECT j.id AS job_id, t.id AS table_id FROM jobs j
                    JOIN latency_tables t ON t.device_id::text = j.spec -> 'budget' ->> 'deviceId'
                                         AND t.search_space = j.search_space AND t.status = 'READY'
                    WHERE j.status = 'WAITING_FOR_LATENCY'
                    ORDER BY j.created_at LIMIT 50 FOR UPDATE OF j SKIP LOCKED""").query().listOfRows();
            for (Map<String, Object> row : ready) {
                UUID jobId = (UUID) row.get("job_id");
                release(jobId, (UUID) row.get("table_id"));
            }
            // The same for a table that ended LOW_QUALITY, when nothing better is on its way.
            List<Map<String, Object>> low = jdbc.sql("""
                    SELECT j.id AS job_id, t.id AS table_id, t.failure_reason AS reason FROM jobs j
                    JOIN latency_tables t ON t.device_id::text = j.spec -> 'budget' ->> 'deviceId'
                                         AND t.search_space = j.search_space AND t.status = 'LOW_QUALITY'
                    WHERE j.status = 'WAITING_FOR_LATENCY'
                      AND NOT EXISTS (SELECT 1 FROM latency_tables o WHERE o.device_id = t.device_id
                                        AND o.search_space = t.search_space
                                        AND (o.status IN ('PROFILING', 'FITTING', 'READY')
                                             OR (o.status = 'LOW_QUALITY' AND o.ready_at > t.ready_at)))
                    ORDER BY j.created_at LIMIT 50 FOR UPDATE OF j SKIP LOCKED""").query().listOfRows();
            for (Map<String, Object> row : low) {
                settleOnLowQuality((UUID) row.get("job_id"), (UUID) row.get("table_id"), (String) row.get("reason"));
            }
        });
    }

    /** QUEUED, with its message in the outbox, in the caller's transaction. */
    private void release(UUID jobId, UUID tableId) {
        transitions.apply(jobId, JobTrigger.LATENCY_READY, UUID.randomUUID(), "LATENCY_READY",
                Map.of("latencyTableId", tableId.toString()), jobs::enqueue);
    }

    /** The jobs waiting for a table of (:device, :space), as a WHERE clause on {@code jobs}. */
    static final String WAITING_FOR_TABLE = """
            status = 'WAITING_FOR_LATENCY' AND spec -> 'budget' ->> 'deviceId' = :device AND search_space = :space""";

    private List<UUID> waiting(UUID deviceId, String searchSpace) {
        return jdbc.sql("SELECT id FROM jobs WHERE " + WAITING_FOR_TABLE + " ORDER BY created_at FOR UPDATE")
                .param("device", deviceId.toString()).param("space", searchSpace).query(UUID.class).list();
    }
}
