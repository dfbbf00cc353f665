package dev.slimfit.api.outbox;

import java.util.List;
import java.util.UUID;

/**
 * Told, inside the relay's transaction, which aggregates just had a message confirmed by the broker. The job
 * feature uses it to record when each job's message went out, which is how its requeue sweep tells a message that
 * is still waiting in the queue from one that is gone.
 */
public interface OutboxPublishedListener {

    void published(List<UUID> aggregateIds);
}
