package dev.slimfit.worker;

import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.WorkerEvent;
import dev.slimfit.core.contract.WorkerEventType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a running job's progress and checkpoint events with publisher confirms, each tried once: they are
 * advisory, and a lost one is replaced by the next. A job's final outcome does not travel here but synchronously
 * over HTTP ({@link JobsApi#outcome}). Each event has its own id, so a redelivery is applied once. Events that could not
 * be published are counted per job, and the next one that goes out says how many ({@link DroppedEvents}).
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final long CONFIRM_MILLIS = 5_000;

    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final WorkerProperties properties;
    private final WorkerIdentity identity;
    private final DroppedEvents dropped = new DroppedEvents();

    EventPublisher(RabbitTemplate rabbit, JsonMapper json, WorkerProperties properties, WorkerIdentity identity) {
        this.rabbit = rabbit;
        this.json = json;
        this.properties = properties;
        this.identity = identity;
    }

    void progress(UUID jobId, JobProgress progress) {
        int gap = dropped.pending(jobId);
        tryOnce(new WorkerEvent(UUID.randomUUID(), jobId, identity.id(), WorkerEventType.PROGRESS, Instant.now(),
                progress, null, null, gap == 0 ? null : gap), gap);
    }

    void checkpoint(UUID jobId) {
        int gap = dropped.pending(jobId);
        tryOnce(new WorkerEvent(UUID.randomUUID(), jobId, identity.id(), WorkerEventType.CHECKPOINT, Instant.now(),
                null, null, null, gap == 0 ? null : gap), gap);
    }

    /** The job ended on this worker. */
    void finished(UUID jobId) {
        dropped.forget(jobId);
    }

    private void tryOnce(WorkerEvent event, int gap) {
        try {
            send(event);
            dropped.published(event.jobId(), gap);
        } catch (RuntimeException e) {
            dropped.dropped(event.jobId());
            log.warn("could not publish {} for job {} ({} not published since the last one that was): {}",
                    event.type(), event.jobId(), dropped.pending(event.jobId()), e.toString());
        }
    }

    private void send(WorkerEvent event) {
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(event))
                .setContentType("application/json").setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(event.eventId().toString()).build();
        String exchange = properties.names().eventsExchange();
        String routingKey = properties.names().eventRoutingKey(event.type());
        rabbit.invoke(ops -> {
            ops.send(exchange, routingKey, message);
            ops.waitForConfirmsOrDie(CONFIRM_MILLIS);
            return null;
        });
    }
}
