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

/**
 * Durable exchanges and queues, declared on every (re)connection. Rejected messages on either queue are
 * dead-lettered (routing key = the queue they came from) rather than redelivered forever.
 */
@Configuration(proxyBeanMethods = false)
class AmqpTopology {

    @Bean
    DirectExchange jobsExchange(MessagingProperties names) {
        return new DirectExchange(names.jobsExchange(), true, false);
    }

    @Bean
    DirectExchange deadLetterExchange(MessagingProperties names) {
        return new DirectExchange(names.deadLetterExchange(), true, false);
    }

    @Bean
    TopicExchange eventsExchange(MessagingProperties names) {
        return new TopicExchange(names.eventsExchange(), true, false);
    }

    @Bean
    Queue jobsQueue(MessagingProperties names) {
        Map<String, Object> args = deadLettered(names, names.jobsQueue());
        args.put("x-max-priority", MessagingProperties.MAX_PRIORITY);
        return new Queue(names.jobsQueue(), true, false, false, args);
    }

    @Bean
    Queue eventsQueue(MessagingProperties names) {
        return new Queue(names.eventsQueue(), true, false, false, deadLettered(names, names.eventsQueue()));
    }

    @Bean
    Queue jobsDeadLetterQueue(MessagingProperties names) {
        return new Queue(names.jobsDeadLetterQueue(), true, false, false, expiring(names));
    }

    @Bean
    Queue eventsDeadLetterQueue(MessagingProperties names) {
        return new Queue(names.eventsDeadLetterQueue(), true, false, false, expiring(names));
    }

    @Bean
    Binding jobsBinding(MessagingProperties names) {
        return BindingBuilder.bind(jobsQueue(names)).to(jobsExchange(names)).with(names.jobsRoutingKey());
    }

    @Bean
    Binding eventsBinding(MessagingProperties names) {
        return BindingBuilder.bind(eventsQueue(names)).to(eventsExchange(names)).with("job.#");
    }

    @Bean
    Binding jobsDeadLetterBinding(MessagingProperties names) {
        return BindingBuilder.bind(jobsDeadLetterQueue(names)).to(deadLetterExchange(names)).with(names.jobsQueue());
    }

    @Bean
    Binding eventsDeadLetterBinding(MessagingProperties names) {
        return BindingBuilder.bind(eventsDeadLetterQueue(names)).to(deadLetterExchange(names))
                .with(names.eventsQueue());
    }

    private static Map<String, Object> deadLettered(MessagingProperties names, String queue) {
        Map<String, Object> args = expiring(names);
        args.put("x-dead-letter-exchange", names.deadLetterExchange());
        args.put("x-dead-letter-routing-key", queue);
        return args;
    }

    private static Map<String, Object> expiring(MessagingProperties names) {
        Map<String, Object> args = new HashMap<>();
        if (names.queueExpires() != null) {
            args.put("x-expires", names.queueExpires().toMillis());
        }
        return args;
    }
}
