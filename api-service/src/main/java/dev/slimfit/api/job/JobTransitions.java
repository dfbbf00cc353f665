package dev.slimfit.api.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.JobTrigger;

/**
 * Applies one trigger to one job and appends the matching event, in one transaction. The state machine decides;
 * an illegal trigger throws before anything is written. The job row is locked for the transaction, so concurrent
 * triggers on one job are applied one after the other; the version column still catches any write that bypassed
 * this path.
 */
@Component
class JobTransitions {

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobMapper mapper;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    JobTransitions(JobRepository jobs, JobEventRepository events, JobMapper mapper, Clock clock,
                   ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.jobs = jobs;
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @param eventId   unique id of what caused this (a worker event's id); a repeat is ignored
     * @param mutate    extra changes to the row (progress, result, failure), applied after the transition
     * @return the new status, or empty when {@code eventId} was applied before
     */
    @Transactional
    Optional<JobStatus> apply(UUID jobId, JobTrigger trigger, UUID eventId, String eventType, Object payload,
                              Consumer<Job> mutate) {
        if (events.existsByEventId(eventId)) {
            return Optional.empty();
        }
        // Locked, so a concurrent transition waits instead of racing for the next event number.
        Job job = jobs.findForUpdate(jobId).orElseThrow(() -> new UnknownJobException(jobId));
        return Optional.of(transition(job, trigger, eventId, eventType, payload, mutate));
    }

    /**
     * A team's cancel, decided under the row lock: a job that is already CANCELLING or CANCELLED is left as it is
     * and gets no further event, so any number of concurrent or repeated cancels record exactly one
     * {@code CANCEL_REQUESTED}.
     *
     * @return the status after the cancel, or the current one when a cancel was already under way or done
     * @throws dev.slimfit.core.contract.IllegalTransitionException when the job already finished otherwise
     */
    @Transactional
    JobStatus requestCancel(UUID jobId) {
        Job job = jobs.findForUpdate(jobId).orElseThrow(() -> new UnknownJobException(jobId));
        if (job.status() == JobStatus.CANCELLING || job.status() == JobStatus.CANCELLED) {
            return job.status();
        }
        return transition(job, JobTrigger.CANCEL_REQUESTED, UUID.randomUUID(), "CANCEL_REQUESTED", null, j -> { });
    }

    /** Applies {@code trigger} to the locked {@code job} and appends its event. */
    private JobStatus transition(Job job, JobTrigger trigger, UUID eventId, String eventType, Object payload,
                                 Consumer<Job> mutate) {
        Instant now = clock.instant();
        JobStatus before = job.status();
        boolean heldSlot = job.holdsSlot();
        JobStatus after = job.transition(trigger, now);
        mutate.accept(job);
        if (after.isTerminal()) {
            job.dispatch(); // a finished job is never held
            if (heldSlot) {
                publisher.publishEvent(new TeamDispatch.SlotFreed(job.teamId()));
            }
        }
        Object body = payload == null ? Map.of("from", before.name()) : payload;
        events.save(JobEvent.next(job, eventId, eventType, after, mapper.write(body), now));
        jobs.saveAndFlush(job);
        return after;
    }

    /** Stores a new job with its creation as the first event of its stream. */
    Job create(Job job, Object payload) {
        JobEvent submitted = JobEvent.next(job, "SUBMITTED", mapper.write(payload), job.createdAt());
        // The row must exist before its first event references it. A new Job says so (Persistable): persisted,
        // one INSERT and no SELECT; the managed instance returned is the one later changes must go to.
        Job managed = jobs.saveAndFlush(job);
        events.save(submitted);
        return managed;
    }

    /** A worker event named a job this API does not know. */
    static final class UnknownJobException extends RuntimeException {
        UnknownJobException(UUID jobId) {
            super("no job " + jobId);
        }
    }
}
