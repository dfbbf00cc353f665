package dev.slimfit.api.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.slimfit.core.contract.MessagingNames;

/**
 * Broker settings ({@code slimfit.messaging.*}). Every exchange and queue name derives from {@code prefix}
 * through search-core's {@link MessagingNames}, the same names the workers use, so several deployments (or test
 * runs) can share one broker without seeing each other's messages.
 *
 * @param prefix       name prefix of every exchange and queue
 * @param queueExpires when set, queues are deleted by the broker after being unused this long (tests only;
 *                     RabbitMQ only)
 * @param dialect      how the broker spells priorities and dead-lettering: RABBITMQ (the default) or QPID (the
 *                     local node's embedded broker)
 */
@ConfigurationProperties("slimfit.messaging")
public record MessagingProperties(@DefaultValue("slimfit") String prefix, Duration queueExpires,
                                  @DefaultValue("RABBITMQ") BrokerDialect dialect) {

    /** The exchange that dead-letters what is rejected from {@code queue}. */
    public String deadLetterExchangeFor(String queue) {
        return dialect.fanoutPerQueue() ? queue + ".dlx" : names().deadLetterExchange();
    }

    /** The exchange, queue and routing-key names for {@code prefix}. */
    public MessagingNames names() {
        return new MessagingNames(prefix);
    }
}
