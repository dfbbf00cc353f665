package dev.slimfit.api.messaging;

import java.util.HashMap;
import java.util.Map;

/**
 * How the broker spells the queue features Slimfit relies on: message priorities and dead-lettering of rejected
 * messages. RabbitMQ takes its {@code x-} arguments and a shared direct dead-letter exchange keyed by queue name;
 * Apache Qpid Broker-J (the local node's in-JVM broker) refuses those arguments and dead-letters through a queue's
 * alternate exchange, which keeps the message's own routing key, so each dead-lettered queue gets a fanout exchange
 * of its own, and a rejected message is routed there once its delivery count reaches the limit.
 */
public enum BrokerDialect {

    RABBITMQ {
        @Override
        Map<String, Object> deadLettered(String queue, String deadLetterExchange) {
            Map<String, Object> args = new HashMap<>();
            args.put("x-dead-letter-exchange", deadLetterExchange);
            args.put("x-dead-letter-routing-key", queue);
            return args;
        }

        @Override
        void putMaxPriority(Map<String, Object> args, int maxPriority) {
            args.put("x-max-priority", maxPriority);
        }
    },

    QPID {
        @Override
        Map<String, Object> deadLettered(String queue, String deadLetterExchange) {
            Map<String, Object> args = new HashMap<>();
            args.put("alternateExchange", deadLetterExchange);
            // Qpid requeues a rejected message until its delivery count reaches this limit, then routes it to the
            // alternate exchange. At 1 a reject dead-letters at once, as RabbitMQ does (a message requeued by a
            // broken connection is delivered again either way).
            args.put("x-qpid-maximum-delivery-count", QPID_DELIVERY_ATTEMPTS);
            return args;
        }

        @Override
        void putMaxPriority(Map<String, Object> args, int maxPriority) {
            args.put("x-qpid-priorities", maxPriority + 1);
        }
    };

    static final int QPID_DELIVERY_ATTEMPTS = 1;

    /** Arguments that dead-letter what is rejected from {@code queue} into {@code deadLetterExchange}. */
    abstract Map<String, Object> deadLettered(String queue, String deadLetterExchange);

    /** Adds the argument that makes a queue deliver priorities 0..{@code maxPriority} highest first. */
    abstract void putMaxPriority(Map<String, Object> args, int maxPriority);

    /** Whether each dead-lettered queue has its own fanout exchange (else one direct exchange keyed by queue). */
    boolean fanoutPerQueue() {
        return this == QPID;
    }
}
