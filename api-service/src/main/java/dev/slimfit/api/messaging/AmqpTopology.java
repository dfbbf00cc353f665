package dev.slimfit.api.messaging;

import java.util.HashMap;
import java.util.Map;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.slimfit.core.contract.MessagingNames;

/**
 * Durable exchanges and queues, declared on every (re)connection, named by search-core's {@link MessagingNames}.
 * Rejected messages on either queue are dead-lettered (routing key = the queue they came from) rather than
 * redelivered forever: a worker rejects a job message it cannot read, the event listener an unreadable event.
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
        args.put("x-max-priority", MessagingNames.MAX_PRIORITY);
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

    @Bean
    Binding jobsDeadLetterBinding(MessagingProperties messaging) {
        return BindingBuilder.bind(jobsDeadLetterQueue(messaging)).to(deadLetterExchange(messaging))
                .with(messaging.names().jobsQueue());
    }

    @Bean
    Binding eventsDeadLetterBinding(MessagingProperties messaging) {
        return BindingBuilder.bind(eventsDeadLetterQueue(messaging)).to(deadLetterExchange(messaging))
                .with(messaging.names().eventsQueue());
    }

    private static Map<String, Object> deadLettered(MessagingProperties messaging, String queue) {
        Map<String, Object> args = expiring(messaging);
        args.put("x-dead-letter-exchange", messaging.names().deadLetterExchange());
        args.put("x-dead-letter-routing-key", queue);
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
