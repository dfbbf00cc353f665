package dev.slimfit.api.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Broker topology names ({@code slimfit.messaging.*}). Every name derives from {@code prefix}, so several
 * deployments (or test runs) can share one broker without seeing each other's messages.
 *
 * @param prefix       name prefix of every exchange and queue
 * @param queueExpires when set, queues are deleted by the broker after being unused this long (tests only)
 */
@ConfigurationProperties("slimfit.messaging")
public record MessagingProperties(@DefaultValue("slimfit") String prefix, Duration queueExpires) {

    public static final int MAX_PRIORITY = 9;

    public String jobsExchange() {
        return prefix + ".jobs";
    }

    public String jobsQueue() {
        return prefix + ".jobs.queue";
    }

    public String jobsRoutingKey() {
        return "job.submitted";
    }

    public String deadLetterExchange() {
        return prefix + ".dlx";
    }

    public String jobsDeadLetterQueue() {
        return prefix + ".jobs.dlq";
    }

    public String eventsExchange() {
        return prefix + ".events";
    }

    public String eventsQueue() {
        return prefix + ".api.events";
    }

    public String eventsDeadLetterQueue() {
        return prefix + ".events.dlq";
    }
}
