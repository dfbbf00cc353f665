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
 * to FAILED when profiling failed. Runs in the transaction that changed the table, so both commit together.
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
        });
    }

    /** QUEUED, with its message in the outbox, in the caller's transaction. */
    private void release(UUID jobId, UUID tableId) {
        transitions.apply(jobId, JobTrigger.LATENCY_READY, UUID.randomUUID(), "LATENCY_READY",
                Map.of("latencyTableId", tableId.toString()), jobs::enqueue);
    }

    private List<UUID> waiting(UUID deviceId, String searchSpace) {
        return jdbc.sql("""
                SELECT id FROM jobs WHERE status = 'WAITING_FOR_LATENCY'
                  AND spec -> 'budget' ->> 'deviceId' = :device AND search_space = :space
                ORDER BY created_at FOR UPDATE""")
                .param("device", deviceId.toString()).param("space", searchSpace).query(UUID.class).list();
    }
}
