package dev.slimfit.worker;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per job, how many advisory events could not be published since the last one that was: the next event that goes
 * out carries the count ({@code WorkerEvent.droppedBefore}), so the gap shows in the job's event stream.
 */
final class DroppedEvents {

    private final Map<UUID, Integer> dropped = new ConcurrentHashMap<>();

    /** The gap to report with the next event of {@code jobId} (0 when none). */
    int pending(UUID jobId) {
        return dropped.getOrDefault(jobId, 0);
    }

    /** An event of the job could not be published. */
    void dropped(UUID jobId) {
        dropped.merge(jobId, 1, Integer::sum);
    }

    /** An event carrying {@code reported} dropped ones went out: those are accounted for. */
    void published(UUID jobId, int reported) {
        dropped.computeIfPresent(jobId, (id, count) -> count - reported <= 0 ? null : count - reported);
    }

    /** The job ended on this worker: nothing more will be reported for it. */
    void forget(UUID jobId) {
        dropped.remove(jobId);
    }
}
