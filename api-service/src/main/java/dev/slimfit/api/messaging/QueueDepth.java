package dev.slimfit.api.messaging;

import java.util.OptionalLong;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * How many messages wait in a queue, ready for a consumer (a passive declare; messages delivered to a consumer
 * and not yet acknowledged are not counted). Empty when the broker cannot be asked, so callers decide nothing on
 * a guess.
 */
@Component
public class QueueDepth {

    private final AmqpAdmin admin;

    QueueDepth(AmqpAdmin admin) {
        this.admin = admin;
    }

    public OptionalLong readyMessages(String queue) {
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            return info == null ? OptionalLong.empty() : OptionalLong.of(info.getMessageCount());
        } catch (AmqpException e) {
            return OptionalLong.empty();
        }
    }
}
