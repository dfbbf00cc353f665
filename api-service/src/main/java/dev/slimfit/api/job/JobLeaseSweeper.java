package dev.slimfit.api.job;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.config.JobAttemptProperties;
import dev.slimfit.api.config.OutageProperties;
import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.messaging.QueueDepth;
import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.JobTrigger;

/**
 * Finds running jobs whose worker stopped renewing its lease (it died) and puts them back on the queue, where the
 * next worker resumes them from their latest checkpoint; a job that was being cancelled is simply CANCELLED.
 *
 * <p>After an outage, expiry is not evidence of death: while the API or its database was unreachable no worker
 * could renew its lease, however healthy. So each sweep first records its run ({@link SweepRuns}); when the
 * previous run is older than {@code slimfit.api.outage.detect-after}, the leases that were still valid at that run
 * are extended to at least now plus {@code slimfit.api.outage.lease-grace} before anything is expired. Workers
 * that kept running renew within the grace; dead ones expire after it.
 */
@Component
class JobLeaseSweeper {

    static final String SWEEP = "job-leases";

    private static final Logger log = LoggerFactory.getLogger(JobLeaseSweeper.class);

    private final JdbcClient jdbc;
    private final JobTransitions transitions;
    private final WorkerJobService workers;
    private final TransactionTemplate transactions;
    private final JobRepository jobs;
    private final JobService jobService;
    private final SweepRuns runs;
    private final QueueDepth queueDepth;
    private final MessagingProperties messaging;
    private final ApiProperties properties;
    private final OutageProperties outage;
    private final JobAttemptProperties attempts;

    JobLeaseSweeper(JdbcClient jdbc, JobTransitions transitions, WorkerJobService workers,
                    TransactionTemplate transactions, JobRepository jobs, JobService jobService, SweepRuns runs,
                    QueueDepth queueDepth, MessagingProperties messaging, ApiProperties properties,
                    OutageProperties outage,
                    JobAttemptProperties attempts) {
        this.attempts = attempts;
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.workers = workers;
        this.transactions = transactions;
        this.jobs = jobs;
        this.jobService = jobService;
        this.runs = runs;
        this.queueDepth = queueDepth;
        this.messaging = messaging;
        this.properties = properties;
        this.outage = outage;
    }

    @Scheduled(fixedDelayString = "${slimfit.api.sweep-millis:1000}")
    void sweep() {
        transactions.executeWithoutResult(tx -> {
            runs.markRun(SWEEP, outage.detectAfter()).ifPresent(gap -> {
                int extended = jdbc.sql("""
                        UPDATE jobs SET lease_expires_at = GREATEST(lease_expires_at,
                                                                    now() + make_interval(secs => :grace))
                        WHERE status IN ('RUNNING', 'CANCELLING') AND lease_expires_at > :lastRun""")
                        .param("grace", outage.leaseGrace().toMillis() / 1000.0)
                        .param("lastRun", java.sql.Timestamp.from(gap.lastRun())).update();
                log.warn("no lease sweep ran for {} s (the API or its database was unreachable): {} leases "
                        + "valid at the last sweep get {} to be renewed before they count as expired",
                        gap.length().toSeconds(), extended, outage.leaseGrace());
            });
            List<Map<String, Object>> expired = jdbc.sql("""
                    SELECT id, worker_id FROM jobs
                    WHERE status IN ('RUNNING', 'CANCELLING') AND lease_expires_at < now()
                    ORDER BY lease_expires_at LIMIT 50 FOR UPDATE SKIP LOCKED""").query().listOfRows();
            for (Map<String, Object> row : expired) {
                UUID jobId = (UUID) row.get("id");
                String worker = String.valueOf(row.get("worker_id"));
                Job job = jobs.findForUpdate(jobId).orElseThrow();
                int lost = job.leaseLost();
                if (lost >= attempts.maxLostLeases() && job.status() == JobStatus.RUNNING) {
                    String message = String.format("the job's worker stopped renewing its lease %d times (the last "
                            + "was %s): each died or was cut off mid-run, so the job is not run again. A job that "
                            + "keeps killing its worker is often out of memory: lower the batch size or the "
                            + "training images, and see the worker's log", lost, worker);
                    transitions.apply(jobId, JobTrigger.WORKER_FAILED, UUID.randomUUID(), "FAILED",
                            Map.of("workerId", worker, "lostLeases", lost, "reason", message), j -> {
                                j.clearLease();
                                j.recordFailure(FailureType.WORKER_LOST.name(), message);
                            });
                    log.error("job {} FAILED after {} lost leases (last worker {})", jobId, lost, worker);
                    continue;
                }
                transitions.apply(jobId, JobTrigger.LEASE_EXPIRED, UUID.randomUUID(), "LEASE_EXPIRED",
                        Map.of("workerId", worker, "lostLeases", lost), workers::requeueIfQueued);
                log.warn("job {}: worker {} stopped renewing its lease ({} of {} lost leases); job returned", jobId,
                        worker, lost, attempts.maxLostLeases());
            }
        });
    }

    /**
     * Sends a new message for QUEUED jobs whose message is gone: taken by a worker that then could not claim the
     * job (the API was unreachable for longer than the worker retries) or lost by the broker. A job only counts
     * once its message was confirmed more than {@code slimfit.api.requeue-after} ago with nothing else on its way.
     *
     * <p>Age alone is no proof: in a backlog every waiting job's message is old and still in the queue, and
     * re-sending them all filled the queue with duplicates (each one a wasted claim). So the sweep compares the
     * number of QUEUED jobs that should have a message in the queue with the number of messages ready there; only
     * the difference is missing. The queue hands out the highest priority first and, within one, the oldest, so
     * the missing ones are most likely those at the front of that order, and those are the ones re-sent. A guess
     * that hits a job whose message is in fact still queued costs one duplicate (harmless: only one claim of a
     * QUEUED job succeeds); a job it misses is found on a later pass, when the queue has drained further. While
     * the broker cannot be asked, nothing is re-sent.
     */
    @Scheduled(fixedDelayString = "${slimfit.api.requeue-check-millis:30000}")
    void requeueForgotten() {
        transactions.executeWithoutResult(tx -> {
            double age = properties.requeueAfter().toMillis() / 1000.0;
            List<UUID> stale = jdbc.sql("""
                    SELECT id FROM jobs j
                    WHERE status = 'QUEUED' AND NOT held
                      AND COALESCE(message_published_at, updated_at) < now() - make_interval(secs => :age)
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = j.id AND o.published_at IS NULL)
                    ORDER BY priority DESC, COALESCE(message_published_at, updated_at), created_at
                    LIMIT 50 FOR UPDATE SKIP LOCKED""")
                    .param("age", age).query(UUID.class).list();
            if (stale.isEmpty()) {
                return;
            }
            OptionalLong ready = queueDepth.readyMessages(messaging.names().jobsQueue());
            if (ready.isEmpty()) {
                log.warn("{} jobs QUEUED for over {}, but the broker cannot tell what is in the queue; not re-sent "
                        + "yet", stale.size(), properties.requeueAfter());
                return;
            }
            long expected = jdbc.sql("""
                    SELECT count(*) FROM jobs j WHERE status = 'QUEUED' AND NOT held
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = j.id AND o.published_at IS NULL)""")
                    .query(Long.class).single();
            long missing = Math.min(stale.size(), expected - ready.getAsLong());
            for (UUID id : stale.subList(0, (int) Math.max(0, missing))) {
                jobService.resend(jobs.findForUpdate(id).orElseThrow());
                log.warn("job {} QUEUED for over {} and its message is gone ({} jobs wait, {} messages in the "
                        + "queue): queued again", id, properties.requeueAfter(), expected, ready.getAsLong());
            }
        });
    }
}
