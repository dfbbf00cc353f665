package dev.slimfit.api.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.api.config.ApiProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes committed outbox rows to RabbitMQ in id order and marks them published only after the broker
 * confirmed them. Rows are locked with SKIP LOCKED, so several API replicas never send the same row at once.
 * If the broker is unreachable the batch stops and the rows wait for the next pass: nothing is lost. The AMQP
 * message id is "outbox-<row id>", so a consumer can drop the one duplicate that a crash between confirm and
 * commit could cause.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Row(long id, UUID aggregateId, String exchange, String routingKey, String payload, int priority) {
    }

    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate transactions;
    private final ApiProperties properties;
    private final Counter published;
    private final Counter failures;

    OutboxRelay(JdbcClient jdbc, RabbitTemplate rabbit, TransactionTemplate transactions, ApiProperties properties,
                MeterRegistry meters) {
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.transactions = transactions;
        this.properties = properties;
        this.published = Counter.builder("slimfit.outbox.published").description("outbox messages confirmed")
                .register(meters);
        this.failures = Counter.builder("slimfit.outbox.failures").description("failed publish attempts")
                .register(meters);
        Gauge.builder("slimfit.outbox.pending", this, OutboxRelay::pending)
                .description("outbox messages not yet published").register(meters);
    }

    /** One relay pass. @return how many rows were published */
    public int publishPending() {
        Integer count = transactions.execute(status -> {
            List<Row> rows = jdbc.sql("""
                    SELECT id, aggregate_id, exchange, routing_key, payload::text AS payload, priority
                    FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                    """)
                    .param("limit", properties.outboxBatchSize())
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("aggregate_id", UUID.class),
                            rs.getString("exchange"), rs.getString("routing_key"), rs.getString("payload"),
                            rs.getInt("priority")))
                    .list();
            int sent = 0;
            for (Row row : rows) {
                try {
                    send(row);
                } catch (RuntimeException e) {
                    failures.increment();
                    jdbc.sql("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id = :id")
                            .param("error", String.valueOf(e.getMessage())).param("id", row.id()).update();
                    log.warn("outbox row {} not published yet ({}); will retry", row.id(), e.toString());
                    break; // the broker is likely down: keep order and try the rest next pass
                }
                jdbc.sql("UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = :id")
                        .param("id", row.id()).update();
                published.increment();
                sent++;
            }
            return sent;
        });
        return count == null ? 0 : count;
    }

    private void send(Row row) {
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding(StandardCharsets.UTF_8.name());
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setMessageId("outbox-" + row.id());
        props.setPriority(row.priority());
        props.setHeader("x-aggregate-id", row.aggregateId().toString());
        Message message = MessageBuilder.withBody(row.payload().getBytes(StandardCharsets.UTF_8))
                .andProperties(props).build();
        long timeoutMs = properties.publishConfirmTimeout().toMillis();
        rabbit.invoke(ops -> {
            ops.send(row.exchange(), row.routingKey(), message);
            ops.waitForConfirmsOrDie(timeoutMs);
            return null;
        });
    }

    private double pending() {
        try {
            Long n = jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class).single();
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
