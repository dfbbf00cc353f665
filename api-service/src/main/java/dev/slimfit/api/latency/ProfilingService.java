package dev.slimfit.api.latency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.error.ApiException;

/**
 * What devices do with profiling tasks: claim (leased), upload measurements in batches (each batch extends the
 * lease), complete, fail or release. A device only ever sees its own tasks: another device's task is a 404.
 */
@Service
class ProfilingService {

    private final ProfilingTaskStore tasks;
    private final DeviceLatencyTableRepository tables;
    private final ApiProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProfilingService(ProfilingTaskStore tasks, DeviceLatencyTableRepository tables, ApiProperties properties,
                     ApplicationEventPublisher events, Clock clock) {
        this.tasks = tasks;
        this.tables = tables;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    Optional<LatencyTableDtos.ClaimedTask> claim(UUID deviceId) {
        Duration lease = properties.profilingLease();
        return tasks.claim(deviceId, lease).map(task -> {
            DeviceLatencyTable table = tables.findById(task.tableId()).orElseThrow();
            return new LatencyTableDtos.ClaimedTask(task.id(), task.tableId(), task.kind().name(),
                    table.searchSpace(), table.batchSize(), task.configurations(), task.attempts(),
                    Instant.now(clock).plus(lease));
        });
    }

    @Transactional
    LatencyTableDtos.UploadResult upload(UUID deviceId, UUID taskId, LatencyTableDtos.UploadRequest request) {
        ProfilingTaskStore.Task task = leasedTask(deviceId, taskId);
        List<ProfilingTaskStore.StoredMeasurement> rows = new ArrayList<>();
        for (int i = 0; i < request.measurements().size(); i++) {
            LatencyTableDtos.MeasurementUpload m = request.measurements().get(i);
            String field = "measurements[" + i + "]";
            if (m.index() >= task.configurations().size()) {
                throw ApiException.invalid(field + ".index", "task " + taskId + " has configurations 0.."
                        + (task.configurations().size() - 1) + ", not " + m.index());
            }
            if (!m.widths().equals(task.configurations().get(m.index()))) {
                throw ApiException.invalid(field + ".widths", "configuration " + m.index() + " of this task is "
                        + task.configurations().get(m.index()) + ", not " + m.widths());
            }
            if (!Double.isFinite(m.latencyMs()) || m.latencyMs() <= 0) {
                throw ApiException.invalid(field + ".latencyMs", "a latency must be a positive finite number of "
                        + "milliseconds, not " + m.latencyMs());
            }
            if (m.spreadMs() != null && (!Double.isFinite(m.spreadMs()) || m.spreadMs() < 0)) {
                throw ApiException.invalid(field + ".spreadMs", "a spread must be finite and not negative");
            }
            rows.add(new ProfilingTaskStore.StoredMeasurement(m.index(), task.kind(), m.widths(), m.latencyMs(),
                    m.spreadMs(), m.settings()));
        }
        int accepted = tasks.insertMeasurements(task, rows);
        tasks.extendLease(taskId, properties.profilingLease());
        return new LatencyTableDtos.UploadResult(accepted, rows.size() - accepted, tasks.measuredCount(taskId),
                task.configurations().size());
    }

    @Transactional
    void complete(UUID deviceId, UUID taskId) {
        ProfilingTaskStore.Task task = ownTask(deviceId, taskId);
        if (task.status() == TaskStatus.DONE) {
            return; // completing twice is harmless
        }
        requireLeased(task);
        int measured = tasks.measuredCount(taskId);
        if (measured < task.configurations().size()) {
            throw ApiException.conflict("task-incomplete", "task " + taskId + " has " + measured + " of "
                    + task.configurations().size() + " measurements; upload the rest first");
        }
        if (!tasks.move(taskId, TaskStatus.LEASED, TaskStatus.Trigger.COMPLETE, null)) {
            throw ApiException.conflict("lease-lost", "task " + taskId + " was returned before it completed");
        }
        if (task.kind() == TaskKind.VERIFY) {
            events.publishEvent(new LatencyTableEvents.Verified(taskId, task.tableId(), tasks.measurementsOfTask(taskId)
                    .stream().map(ProfilingTaskStore.StoredMeasurement::latencyMs).toList()));
        } else {
            // Locked, so the completions of the last two tasks cannot both miss each other.
            DeviceLatencyTable table = tables.findForUpdate(task.tableId()).orElseThrow();
            if (table.status() == TableStatus.PROFILING && tasks.allProfilingDone(task.tableId())) {
                table.startFitting(clock.instant());
            }
        }
    }

    @Transactional
    void fail(UUID deviceId, UUID taskId, String reason) {
        ProfilingTaskStore.Task task = leasedTask(deviceId, taskId);
        if (task.attempts() >= properties.profilingMaxAttempts()) {
            tasks.move(taskId, TaskStatus.LEASED, TaskStatus.Trigger.GIVE_UP, reason);
            failTable(task.tableId(), "profiling task " + taskId + " failed " + task.attempts() + " times: "
                    + reason);
        } else {
            tasks.move(taskId, TaskStatus.LEASED, TaskStatus.Trigger.RELEASE, reason);
        }
    }

    @Transactional
    void release(UUID deviceId, UUID taskId) {
        ProfilingTaskStore.Task task = leasedTask(deviceId, taskId);
        tasks.move(task.id(), TaskStatus.LEASED, TaskStatus.Trigger.RELEASE, null);
    }

    /** A claim whose answer could not be delivered (its request had ended): the task is claimable again. */
    @Transactional
    void unclaim(UUID taskId) {
        tasks.unclaim(taskId);
    }

    /** Returns expired leases; a task out of attempts fails its table. */
    @Transactional
    void expireLeases() {
        for (UUID tableId : tasks.expireLeases(properties.profilingMaxAttempts())) {
            failTable(tableId, "a profiling task ran out of attempts: its device stopped answering");
        }
    }

    private void failTable(UUID tableId, String reason) {
        DeviceLatencyTable table = tables.findById(tableId).orElseThrow();
        if (table.status() == TableStatus.PROFILING || table.status() == TableStatus.FITTING) {
            table.fail(reason, clock.instant());
            tasks.abandon(tableId); // nobody should spend device time on a dead table
            events.publishEvent(new LatencyTableEvents.Failed(tableId, table.deviceId(), table.searchSpace(),
                    reason));
        }
    }

    private ProfilingTaskStore.Task leasedTask(UUID deviceId, UUID taskId) {
        ProfilingTaskStore.Task task = ownTask(deviceId, taskId);
        requireLeased(task);
        return task;
    }

    private static void requireLeased(ProfilingTaskStore.Task task) {
        if (task.status() != TaskStatus.LEASED) {
            throw ApiException.conflict("lease-lost", "task " + task.id() + " is " + task.status()
                    + ": its lease expired or it was finished; claim a new task");
        }
    }

    private ProfilingTaskStore.Task ownTask(UUID deviceId, UUID taskId) {
        return tasks.find(taskId).filter(t -> t.deviceId().equals(deviceId))
                .orElseThrow(() -> ApiException.notFound("profiling task " + taskId));
    }
}
