package dev.slimfit.api.outbox;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records a message to publish in the caller's transaction, so the message exists exactly when the change it
 * announces is committed. {@link OutboxRelay} sends it later.
 */
@Component
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OutboxWriter(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(UUID aggregateId, String exchange, String routingKey, Object payload, int priority) {
        jdbc.sql("""
                INSERT INTO outbox (aggregate_id, exchange, routing_key, payload, priority)
                VALUES (:aggregateId, :exchange, :routingKey, CAST(:payload AS jsonb), :priority)
                """)
                .param("aggregateId", aggregateId)
                .param("exchange", exchange)
                .param("routingKey", routingKey)
                .param("payload", json.writeValueAsString(payload))
                .param("priority", priority)
                .update();
    }
}
