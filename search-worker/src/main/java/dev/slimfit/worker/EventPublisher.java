package dev.slimfit.worker;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.WorkerEvent;
import dev.slimfit.core.contract.WorkerEventType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes worker events with publisher confirms. Terminal events (result, failure, cancel) are retried until the
 * broker confirms them: they are what the team waits for. Each event has its own id, so a retry is applied once.
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final long CONFIRM_MILLIS = 5_000;

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final WorkerProperties properties;
    private final WorkerIdentity identity;

    EventPublisher(RabbitTemplate rabbit, JsonMapper json, WorkerProperties properties, WorkerIdentity identity) {
        this.rabbit = rabbit;
        this.json = json;
        this.properties = properties;
        this.identity = identity;
    }

    void progress(UUID jobId, JobProgress progress) {
        tryOnce(event(jobId, WorkerEventType.PROGRESS, progress, null, null));
    }

    void checkpoint(UUID jobId) {
        tryOnce(event(jobId, WorkerEventType.CHECKPOINT, null, null, null));
    }

    void succeeded(UUID jobId, JobResult result) {
        untilConfirmed(event(jobId, WorkerEventType.SUCCEEDED, null, result, null));
    }

    void failed(UUID jobId, JobFailure failure) {
        untilConfirmed(event(jobId, WorkerEventType.FAILED, null, null, failure));
    }

    void cancelled(UUID jobId) {
        untilConfirmed(event(jobId, WorkerEventType.CANCELLED, null, null, null));
    }

    private WorkerEvent event(UUID jobId, WorkerEventType type, JobProgress progress, JobResult result,
                              JobFailure failure) {
        return new WorkerEvent(UUID.randomUUID(), jobId, identity.id(), type, Instant.now(), progress, result,
                failure);
    }

    /** Progress is advisory: a lost one is replaced by the next. */
    private void tryOnce(WorkerEvent event) {
        try {
            send(event);
        } catch (RuntimeException e) {
            log.warn("could not publish {} for job {}: {}", event.type(), event.jobId(), e.toString());
        }
    }

    private void untilConfirmed(WorkerEvent event) {
        long backoffMillis = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                send(event);
                return;
            } catch (RuntimeException e) {
                if (attempt >= 20) {
                    throw e;
                }
                log.warn("publishing {} for job {} failed (attempt {}), retrying: {}", event.type(), event.jobId(),
                        attempt, e.toString());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(10_000, backoffMillis * 2);
            }
        }
    }

    private void send(WorkerEvent event) {
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(event))
                .setContentType("application/json").setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(event.eventId().toString()).build();
        String routingKey = "job." + event.type().name().toLowerCase(Locale.ROOT);
        rabbit.invoke(ops -> {
            ops.send(properties.eventsExchange(), routingKey, message);
            ops.waitForConfirmsOrDie(CONFIRM_MILLIS);
            return null;
        });
    }
}
