package dev.slimfit.api.job;

import java.time.Clock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.core.contract.IllegalTransitionException;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.WorkerEvent;
import dev.slimfit.core.contract.WorkerEventType;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies worker events from the broker to jobs through the state machine: progress and checkpoints (and the
 * start of a job claimed without a lease, from old workers). A job's final outcome arrives synchronously over HTTP
 * ({@code POST /api/v1/worker/jobs/{id}/outcome}); a SUCCEEDED, FAILED or CANCELLED event from a worker of the
 * previous release is still applied, with the same row changes ({@link WorkerReports}), so a rolling upgrade
 * loses nothing. An event that the job's state does not allow (e.g. progress for a cancelled job) is dropped and
 * counted, never applied; a message that cannot be read or names an unknown job is dead-lettered.
 */
@Component
class WorkerEventListener {

    private static final Logger log = LoggerFactory.getLogger(WorkerEventListener.class);

    private final JobTransitions transitions;
    private final JobMapper mapper;
    private final WorkerReports reports;
    private final MeterRegistry meters;
    private final JsonMapper json;

    private final ApiProperties properties;
    private final Clock clock;

    WorkerEventListener(JobTransitions transitions, JobMapper mapper, WorkerReports reports, MeterRegistry meters,
                        JsonMapper json, ApiProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.transitions = transitions;
        this.mapper = mapper;
        this.reports = reports;
        this.meters = meters;
        // Newer workers may add fields; an older API must still read their events.
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @RabbitListener(queues = "#{eventsQueue.name}")
    void onMessage(Message message) {
        WorkerEvent event = parse(message);
        try {
            OptimisticRetry.run(() -> transitions.apply(event.jobId(), event.type().trigger(), event.eventId(),
                    event.type().name(), event, changes(event)));
            meters.counter("slimfit.worker.events", "type", event.type().name(), "outcome", "applied").increment();
        } catch (IllegalTransitionException e) {
            meters.counter("slimfit.worker.events", "type", event.type().name(), "outcome", "rejected").increment();
            log.warn("dropped {} event {} for job {}: {}", event.type(), event.eventId(), event.jobId(),
                    e.getMessage());
        } catch (StaleWorkerException e) {
            meters.counter("slimfit.worker.events", "type", event.type().name(), "outcome", "stale").increment();
            log.warn("dropped {} event {} for job {}: {}", event.type(), event.eventId(), event.jobId(),
                    e.getMessage());
        } catch (JobTransitions.UnknownJobException e) {
            throw new AmqpRejectAndDontRequeueException("event " + event.eventId() + ": " + e.getMessage());
        }
    }

    private WorkerEvent parse(Message message) {
        try {
            WorkerEvent event = json.readValue(message.getBody(), WorkerEvent.class);
            if (event.eventId() == null || event.jobId() == null || event.type() == null) {
                throw new AmqpRejectAndDontRequeueException("worker event without eventId, jobId or type");
            }
            return event;
        } catch (JacksonException e) {
            throw new AmqpRejectAndDontRequeueException("unreadable worker event: " + e.getOriginalMessage(), e);
        }
    }

    /** An event from a worker that no longer holds the job (its lease expired and another took over). */
    static final class StaleWorkerException extends RuntimeException {
        StaleWorkerException(String message) {
            super(message);
        }
    }

    private Consumer<Job> changes(WorkerEvent event) {
        return job -> {
            if (job.workerId() == null && event.type() == WorkerEventType.STARTED) {
                job.lease(event.workerId(), clock.instant().plus(properties.jobLease()));
            } else if (!job.leasedTo(event.workerId())) {
                // Only the lease holder speaks for a job: a worker whose lease expired must not finish or fail
                // a job that was queued again (or taken by another worker) meanwhile.
                throw new StaleWorkerException("sent by " + event.workerId() + " but the job is held by "
                        + (job.workerId() == null ? "no worker" : job.workerId()));
            }
            switch (event.type()) {
                case PROGRESS -> {
                    if (event.progress() != null) {
                        job.recordProgress(mapper.write(event.progress()));
                    }
                }
                case SUCCEEDED -> reports.finish(JobOutcome.Kind.SUCCEEDED, event.result(), null).accept(job);
                case FAILED -> reports.finish(JobOutcome.Kind.FAILED, null, event.failure()).accept(job);
                case CANCELLED -> reports.finish(JobOutcome.Kind.CANCELLED, null, null).accept(job);
                case STARTED, CHECKPOINT -> {
                }
            }
        };
    }
}
