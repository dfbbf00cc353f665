package dev.slimfit.api.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Reads a queue on the real broker and files every message by its aggregate id, so tests sharing one queue can
 * each count exactly the messages of their own job, however they interleave.
 */
public final class QueueProbe {

    private static final Map<String, Map<UUID, List<Message>>> SEEN = new ConcurrentHashMap<>();

    private QueueProbe() {
    }

    /** Drains what is on {@code queue} now and returns every message ever seen there for {@code aggregateId}. */
    public static synchronized List<Message> messagesFor(RabbitTemplate rabbit, String queue, UUID aggregateId) {
        Map<UUID, List<Message>> byId = SEEN.computeIfAbsent(queue, q -> new ConcurrentHashMap<>());
        Message message;
        while ((message = rabbit.receive(queue, Duration.ofMillis(200).toMillis())) != null) {
            Object header = message.getMessageProperties().getHeaders().get("x-aggregate-id");
            UUID id = header == null ? new UUID(0, 0) : UUID.fromString(header.toString());
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(message);
        }
        return List.copyOf(byId.getOrDefault(aggregateId, List.of()));
    }
}
