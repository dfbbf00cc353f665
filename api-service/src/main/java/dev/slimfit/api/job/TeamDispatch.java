package dev.slimfit.api.job;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.slimfit.api.config.TeamLimitProperties;
import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.outbox.OutboxWriter;
import dev.slimfit.core.contract.JobMessage;
import dev.slimfit.core.contract.MessagingNames;

/**
 * Puts QUEUED jobs on the queue within each team's running-jobs limit ({@link TeamLimitProperties}). A job
 * beyond the limit is held: QUEUED, with no message, invisible to workers and to the requeue sweep. When one of
 * the team's active jobs (running, cancelling, or queued with a message) finishes, the freed slots go to the
 * team's held jobs, highest priority and oldest first, in the transaction that finished it. Decisions for one
 * team are serialised by a transaction-scoped advisory lock, so concurrent submits cannot overshoot the limit.
 */
@Component
class TeamDispatch {

    /** SQL for {@link Job#holdsSlot}: running, cancelling, or queued with a message. */
    static final String HOLDS_SLOT = "(status IN ('RUNNING', 'CANCELLING') OR (status = 'QUEUED' AND NOT held))";

    /** A team job left the active set in this transaction. */
    record SlotFreed(UUID teamId) {
    }

    private final TeamLimitProperties limits;
    private final OutboxWriter outbox;
    private final MessagingProperties messaging;
    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobMapper mapper;
    private final JdbcClient jdbc;
    private final Clock clock;

    TeamDispatch(TeamLimitProperties limits, OutboxWriter outbox, MessagingProperties messaging, JobRepository jobs,
                 JobEventRepository events, JobMapper mapper, JdbcClient jdbc, Clock clock) {
        this.limits = limits;
        this.outbox = outbox;
        this.messaging = messaging;
        this.jobs = jobs;
        this.events = events;
        this.mapper = mapper;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The job goes on the queue if its team has a free slot, else it is held (caller's transaction). */
    void enqueue(Job job) {
        if (limits.runningJobs() > 0) {
            lockTeam(job.teamId());
            if (active(job.teamId(), job.id()) >= limits.runningJobs()) {
                job.hold();
                return;
            }
        }
        send(job);
    }

    /** Puts the job's message in the outbox whatever the limit (a re-send for a job that already holds a slot). */
    void send(Job job) {
        job.dispatch();
        MessagingNames names = messaging.names();
        outbox.enqueue(job.id(), names.jobsExchange(), names.jobsRoutingKey(), new JobMessage(job.id()),
                job.priority());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void onSlotFreed(SlotFreed freed) {
        if (limits.runningJobs() == 0) {
            return;
        }
        lockTeam(freed.teamId());
        long free = limits.runningJobs() - active(freed.teamId(), null);
        if (free <= 0) {
            return;
        }
        List<UUID> next = jdbc.sql("""
                SELECT id FROM jobs WHERE team_id = :team AND status = 'QUEUED' AND held
                ORDER BY priority DESC, created_at, id LIMIT :free FOR UPDATE SKIP LOCKED""")
                .param("team", freed.teamId()).param("free", free).query(UUID.class).list();
        for (UUID id : next) {
            Job job = jobs.findForUpdate(id).orElseThrow();
            send(job);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("reason", "a slot of the team's running-jobs limit freed");
            payload.put("runningJobsLimit", limits.runningJobs());
            events.save(JobEvent.next(job, "DISPATCHED", mapper.write(payload), clock.instant()));
            jobs.saveAndFlush(job);
        }
    }

    /** The team's jobs that hold a slot: running, cancelling, or queued with a message; {@code except} excluded. */
    long active(UUID teamId, UUID except) {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE team_id = :team AND id IS DISTINCT FROM :except AND "
                + HOLDS_SLOT)
                .param("team", teamId).param("except", except).query(Long.class).single();
    }

    private void lockTeam(UUID teamId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))").param("key", "team-slots/" + teamId)
                .query(Object.class).optional();
    }
}
