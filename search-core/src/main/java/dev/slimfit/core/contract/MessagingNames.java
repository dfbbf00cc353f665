package dev.slimfit.core.contract;

import java.util.Locale;
import java.util.Objects;

/**
 * The broker's exchanges, queues and routing keys, all derived from one {@code prefix} so several deployments (or
 * test runs) can share a broker without seeing each other's messages. The API declares them; workers use them.
 *
 * @param prefix name prefix of every exchange and queue
 */
public record MessagingNames(String prefix) {

    /** The jobs queue's highest message priority (a job's priority is 0..9). */
    public static final int MAX_PRIORITY = 9;

    public MessagingNames {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("the messaging prefix must not be blank");
        }
    }

    /** Direct exchange the API publishes job messages to. */
    public String jobsExchange() {
        return prefix + ".jobs";
    }

    /** The priority queue workers take job messages from (dead-lettered to {@link #jobsDeadLetterQueue}). */
    public String jobsQueue() {
        return prefix + ".jobs.queue";
    }

    public String jobsRoutingKey() {
        return "job.submitted";
    }

    /** Where rejected messages of either queue go, routed by the name of the queue they came from. */
    public String deadLetterExchange() {
        return prefix + ".dlx";
    }

    public String jobsDeadLetterQueue() {
        return prefix + ".jobs.dlq";
    }

    /** Topic exchange workers publish progress and checkpoint events to. */
    public String eventsExchange() {
        return prefix + ".events";
    }

    /** The API's queue of worker events, bound to {@link #eventsExchange} with {@link #eventsBindingPattern}. */
    public String eventsQueue() {
        return prefix + ".api.events";
    }

    public String eventsDeadLetterQueue() {
        return prefix + ".events.dlq";
    }

    /** The pattern that binds {@link #eventsQueue} to every event routing key. */
    public String eventsBindingPattern() {
        return "job.#";
    }

    /** The routing key of a worker event of {@code type}, e.g. {@code job.progress}. */
    public String eventRoutingKey(WorkerEventType type) {
        return "job." + type.name().toLowerCase(Locale.ROOT);
    }
}
