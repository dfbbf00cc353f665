package dev.slimfit.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.api.support.QueueProbe;
import dev.slimfit.core.contract.MessagingNames;

/**
 * The relay publishes a backlog larger than several batches in batches: every row reaches the queue exactly once,
 * in row order, and is marked published with one attempt.
 */
class OutboxRelayIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    MessagingProperties messaging;
    @Autowired
    ApiProperties properties;

    @Test
    void aBacklogOfSeveralBatchesIsPublishedOnceEachInOrder() {
        UUID aggregate = UUID.randomUUID(); // no job: the relay does not care what it publishes
        int rows = properties.outboxBatchSize() * 2 + 17;
        MessagingNames names = messaging.names();
        jdbc.sql("""
                INSERT INTO outbox (aggregate_id, exchange, routing_key, payload, priority)
                SELECT :aggregate, :exchange, :key, jsonb_build_object('jobId', :aggregate::text, 'n', n), 4
                FROM generate_series(1, :rows) AS n""")
                .param("aggregate", aggregate).param("exchange", names.jobsExchange())
                .param("key", names.jobsRoutingKey()).param("rows", rows).update();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(QueueProbe.messagesFor(rabbit, names.jobsQueue(), aggregate)).hasSize(rows));

        List<Message> messages = QueueProbe.messagesFor(rabbit, names.jobsQueue(), aggregate);
        List<Long> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(Long.parseLong(m.getMessageProperties().getMessageId().substring(7))));
        assertThat(ids).as("row order").isSorted().doesNotHaveDuplicates();
        List<Long> stored = jdbc.sql("SELECT id FROM outbox WHERE aggregate_id = :a ORDER BY id")
                .param("a", aggregate).query(Long.class).list();
        assertThat(ids).containsExactlyElementsOf(stored);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM outbox WHERE aggregate_id = :a AND published_at IS NOT NULL AND attempts = 1""")
                .param("a", aggregate).query(Long.class).single()).isEqualTo(rows);
    }
}
