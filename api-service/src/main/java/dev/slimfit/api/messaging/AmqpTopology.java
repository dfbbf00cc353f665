package dev.slimfit.api.messaging;

import java.util.HashMap;
import java.util.Map;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.slimfit.core.contract.MessagingNames;

/**
 * Durable exchanges and queues, declared on every (re)connection, named by search-core's {@link MessagingNames}.
 * Rejected messages on either queue are dead-lettered rather than redelivered forever: a worker rejects a job
 * message it cannot read, the event listener an unreadable event. How the broker is told so depends on its
 * {@link BrokerDialect}: with RabbitMQ one direct exchange keyed by the queue's name, with Qpid a fanout exchange
 * per queue.
 */
@Configuration(proxyBeanMethods = false)
class AmqpTopology {

    @Bean
    DirectExchange jobsExchange(MessagingProperties messaging) {
        return new DirectExchange(messaging.names().jobsExchange(), true, false);
    }

    @Bean
    DirectExchange deadLetterExchange(MessagingProperties messaging) {
        return new DirectExchange(messaging.names().deadLetterExchange(), true, false);
    }

    @Bean
    TopicExchange eventsExchange(MessagingProperties messaging) {
        return new TopicExchange(messaging.names().eventsExchange(), true, false);
    }

    @Bean
    Queue jobsQueue(MessagingProperties messaging) {
        MessagingNames names = messaging.names();
        Map<String, Object> args = deadLettered(messaging, names.jobsQueue());
        messaging.dialect().putMaxPriority(args, MessagingNames.MAX_PRIORITY);
        return new Queue(names.jobsQueue(), true, false, false, args);
    }

    @Bean
    Queue eventsQueue(MessagingProperties messaging) {
        MessagingNames names = messaging.names();
        return new Queue(names.eventsQueue(), true, false, false, deadLettered(messaging, names.eventsQueue()));
    }

    @Bean
    Queue jobsDeadLetterQueue(MessagingProperties messaging) {
        return new Queue(messaging.names().jobsDeadLetterQueue(), true, false, false, expiring(messaging));
    }

    @Bean
    Queue eventsDeadLetterQueue(MessagingProperties messaging) {
        return new Queue(messaging.names().eventsDeadLetterQueue(), true, false, false, expiring(messaging));
    }

    @Bean
    Binding jobsBinding(MessagingProperties messaging) {
        return BindingBuilder.bind(jobsQueue(messaging)).to(jobsExchange(messaging))
                .with(messaging.names().jobsRoutingKey());
    }

    @Bean
    Binding eventsBinding(MessagingProperties messaging) {
        return BindingBuilder.bind(eventsQueue(messaging)).to(eventsExchange(messaging))
                .with(messaging.names().eventsBindingPattern());
    }

    /** Each dead-letter queue bound to the exchange its queue dead-letters into. */
    @Bean
    Declarables deadLetterRoutes(MessagingProperties messaging) {
        MessagingNames names = messaging.names();
        if (!messaging.dialect().fanoutPerQueue()) {
            DirectExchange shared = deadLetterExchange(messaging);
            return new Declarables(
                    BindingBuilder.bind(jobsDeadLetterQueue(messaging)).to(shared).with(names.jobsQueue()),
                    BindingBuilder.bind(eventsDeadLetterQueue(messaging)).to(shared).with(names.eventsQueue()));
        }
        FanoutExchange jobs = new FanoutExchange(messaging.deadLetterExchangeFor(names.jobsQueue()), true, false);
        FanoutExchange events = new FanoutExchange(messaging.deadLetterExchangeFor(names.eventsQueue()), true,
                false);
        return new Declarables(jobs, events, BindingBuilder.bind(jobsDeadLetterQueue(messaging)).to(jobs),
                BindingBuilder.bind(eventsDeadLetterQueue(messaging)).to(events));
    }

    private static Map<String, Object> deadLettered(MessagingProperties messaging, String queue) {
        Map<String, Object> args = expiring(messaging);
        args.putAll(messaging.dialect().deadLettered(queue, messaging.deadLetterExchangeFor(queue)));
        return args;
    }

    private static Map<String, Object> expiring(MessagingProperties messaging) {
        Map<String, Object> args = new HashMap<>();
        if (messaging.queueExpires() != null) {
            args.put("x-expires", messaging.queueExpires().toMillis());
        }
        return args;
    }
}
