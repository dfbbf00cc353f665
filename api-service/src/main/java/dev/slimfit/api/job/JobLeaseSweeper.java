package dev.slimfit.api.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.core.contract.JobTrigger;

/**
 * Finds running jobs whose worker stopped renewing its lease (it died) and puts them back on the queue, where the
 * next worker resumes them from their latest checkpoint; a job that was being cancelled is simply CANCELLED.
 */
@Component
class JobLeaseSweeper {

    private static final Logger log = LoggerFactory.getLogger(JobLeaseSweeper.class);

    private final JdbcClient jdbc;
    private final JobTransitions transitions;
    private final WorkerJobService workers;
    private final TransactionTemplate transactions;

    JobLeaseSweeper(JdbcClient jdbc, JobTransitions transitions, WorkerJobService workers,
                    TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.workers = workers;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${slimfit.api.sweep-millis:1000}")
    void sweep() {
        transactions.executeWithoutResult(tx -> {
            List<Map<String, Object>> expired = jdbc.sql("""
                    SELECT id, worker_id FROM jobs
                    WHERE status IN ('RUNNING', 'CANCELLING') AND lease_expires_at < now()
                    ORDER BY lease_expires_at LIMIT 50 FOR UPDATE SKIP LOCKED""").query().listOfRows();
            for (Map<String, Object> row : expired) {
                UUID jobId = (UUID) row.get("id");
                transitions.apply(jobId, JobTrigger.LEASE_EXPIRED, UUID.randomUUID(), "LEASE_EXPIRED",
                        Map.of("workerId", String.valueOf(row.get("worker_id"))), workers::requeueIfQueued);
                log.warn("job {}: worker {} stopped renewing its lease; job returned", jobId, row.get("worker_id"));
            }
        });
    }
}
