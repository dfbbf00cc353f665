package dev.slimfit.api.job;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.slimfit.api.outbox.OutboxPublishedListener;

/**
 * Records on each job when the broker confirmed its latest message ({@code jobs.message_published_at}), in the
 * relay's transaction. Outbox rows of other aggregates match no job and change nothing.
 */
@Component
class JobMessageTracker implements OutboxPublishedListener {

    private final JdbcClient jdbc;

    JobMessageTracker(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void published(List<UUID> aggregateIds) {
        jdbc.sql("UPDATE jobs SET message_published_at = now() WHERE id IN (:ids)").param("ids", aggregateIds)
                .update();
    }
}
