package dev.slimfit.api.job;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.api.config.ApiProperties;
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
    private final JobRepository jobs;
    private final JobService jobService;
    private final ApiProperties properties;
    private final Clock clock;

    JobLeaseSweeper(JdbcClient jdbc, JobTransitions transitions, WorkerJobService workers,
                    TransactionTemplate transactions, JobRepository jobs, JobService jobService,
                    ApiProperties properties, Clock clock) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.properties = properties;
        this.clock = clock;
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

    /**
     * Queues a message again for jobs QUEUED for longer than {@code slimfit.api.requeue-after} with nothing left in
     * the outbox: their message was taken by a worker that could not claim them (the API was unreachable) or was
     * lost. A duplicate message is harmless: only one claim of a QUEUED job succeeds.
     */
    @Scheduled(fixedDelayString = "${slimfit.api.requeue-check-millis:30000}")
    void requeueForgotten() {
        transactions.executeWithoutResult(tx -> {
            List<UUID> stale = jdbc.sql("""
                    SELECT id FROM jobs j WHERE status = 'QUEUED' AND updated_at < now() - make_interval(secs => :age)
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = j.id AND o.published_at IS NULL)
                    ORDER BY updated_at LIMIT 50 FOR UPDATE SKIP LOCKED""")
                    .param("age", (double) properties.requeueAfter().toSeconds()).query(UUID.class).list();
            for (UUID id : stale) {
                Job job = jobs.findForUpdate(id).orElseThrow();
                job.touch(clock.instant());
                jobService.enqueue(job);
                log.warn("job {} was QUEUED for over {} with no message on its way: queued again", id,
                        properties.requeueAfter());
            }
        });
    }
}
