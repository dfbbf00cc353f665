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
import io.micrometer.core.instrument.Timer;

/**
 * Publishes committed outbox rows to RabbitMQ in id order and marks them published only after the broker
 * confirmed them. Rows are locked with SKIP LOCKED, so several API replicas never send the same row at once.
 *
 * <p>Rows go out in batches: one SELECT takes up to {@code outbox-batch-size} rows, all of them are published on
 * one channel, one wait covers all their confirms, and one UPDATE marks them published. A confirm per message
 * costs a broker round trip each, which capped the relay at about a hundred messages a second, below the rate
 * teams submit at. A pass that filled its batch is followed at once by another ({@link #drain}), so a backlog is
 * worked off at the broker's speed rather than one batch per poll interval.
 *
 * <p>If the broker is unreachable, or does not confirm the batch in time, the whole batch stays unpublished and
 * is sent again on the next pass: nothing is lost. A batch that failed halfway may thus reach the queue twice; the
 * AMQP message id is "outbox-<row id>", so a consumer can drop such a duplicate (and a job message is harmless
 * twice: only one claim of a QUEUED job succeeds).
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Upper bound of back-to-back passes in one {@link #drain}, so a scheduler thread is handed back now and then. */
    private static final int MAX_PASSES_PER_DRAIN = 50;

    private record Row(long id, UUID aggregateId, String exchange, String routingKey, String payload, int priority) {
    }

    private final JdbcClient jdbc;
    private final RabbitTemplate rabbit;
    private final TransactionTemplate transactions;
    private final ApiProperties properties;
    private final List<OutboxPublishedListener> listeners;
    private final Counter published;
    private final Counter failures;
    private final Timer batches;

    OutboxRelay(JdbcClient jdbc, RabbitTemplate rabbit, TransactionTemplate transactions, ApiProperties properties,
                List<OutboxPublishedListener> listeners, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.transactions = transactions;
        this.properties = properties;
        this.listeners = listeners;
        this.published = Counter.builder("slimfit.outbox.published").description("outbox messages confirmed")
                .register(meters);
        this.failures = Counter.builder("slimfit.outbox.failures").description("failed publish attempts")
                .register(meters);
        this.batches = Timer.builder("slimfit.outbox.batch").description("one relay pass: select, publish, confirm, "
                + "mark").register(meters);
        Gauge.builder("slimfit.outbox.pending", this, OutboxRelay::pending)
                .description("outbox messages not yet published").register(meters);
    }

    /**
     * Passes until one finds fewer rows than a full batch (the outbox is drained) or fails.
     *
     * @return how many rows were published
     */
    public int drain() {
        int total = 0;
        for (int pass = 0; pass < MAX_PASSES_PER_DRAIN; pass++) {
            int sent = publishPending();
            total += sent;
            if (sent < properties.outboxBatchSize()) {
                break;
            }
        }
        return total;
    }

    /** One relay pass: at most one batch. @return how many rows were published (0 when the batch failed) */
    public int publishPending() {
        Integer count = batches.record(() -> transactions.execute(status -> {
            List<Row> rows = jdbc.sql("""
                    SELECT id, aggregate_id, exchange, routing_key, payload::text AS payload, priority
                    FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
                    """)
                    .param("limit", properties.outboxBatchSize())
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("aggregate_id", UUID.class),
                            rs.getString("exchange"), rs.getString("routing_key"), rs.getString("payload"),
                            rs.getInt("priority")))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<Long> ids = rows.stream().map(Row::id).toList();
            try {
                sendAll(rows);
            } catch (RuntimeException e) {
                failures.increment();
                jdbc.sql("UPDATE outbox SET attempts = attempts + 1, last_error = :error WHERE id IN (:ids)")
                        .param("error", String.valueOf(e.getMessage())).param("ids", ids).update();
                log.warn("{} outbox rows (from {}) not published yet ({}); will retry", rows.size(), ids.get(0),
                        e.toString());
                return 0; // the broker is likely down: keep order and try the batch again next pass
            }
            jdbc.sql("UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id IN (:ids)")
                    .param("ids", ids).update();
            List<UUID> aggregates = rows.stream().map(Row::aggregateId).distinct().toList();
            listeners.forEach(l -> l.published(aggregates));
            published.increment(rows.size());
            return rows.size();
        }));
        return count == null ? 0 : count;
    }

    /** Publishes every row on one channel, then waits once for all their confirms (or throws). */
    private void sendAll(List<Row> rows) {
        long timeoutMs = properties.publishConfirmTimeout().toMillis();
        rabbit.invoke(ops -> {
            for (Row row : rows) {
                ops.send(row.exchange(), row.routingKey(), message(row));
            }
            ops.waitForConfirmsOrDie(timeoutMs);
            return null;
        });
    }

    private static Message message(Row row) {
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setContentEncoding(StandardCharsets.UTF_8.name());
        props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        props.setMessageId("outbox-" + row.id());
        props.setPriority(row.priority());
        props.setHeader("x-aggregate-id", row.aggregateId().toString());
        return MessageBuilder.withBody(row.payload().getBytes(StandardCharsets.UTF_8)).andProperties(props).build();
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
