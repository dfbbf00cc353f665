package dev.slimfit.api.latency;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Profiling tasks and measurements in PostgreSQL. Claims use {@code FOR UPDATE SKIP LOCKED}, so any number of
 * agents and API replicas hand out each task to one device at a time; every status change is guarded by the
 * status it expects, so a lost race changes nothing.
 */
@Component
class ProfilingTaskStore {

    private static final TypeReference<List<List<Integer>>> CONFIGS = new TypeReference<>() {
    };

    /** A task as stored. */
    record Task(UUID id, UUID tableId, UUID deviceId, TaskKind kind, List<List<Integer>> configurations,
                TaskStatus status, int attempts) {
    }

    /** A measurement as stored. */
    record StoredMeasurement(int index, TaskKind purpose, List<Integer> widths, double latencyMs, Double spreadMs,
                             java.util.Map<String, Object> settings) {
    }

    private static final TypeReference<List<Integer>> WIDTHS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProfilingTaskStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID taskId, UUID tableId, UUID deviceId, TaskKind kind, List<int[]> configurations) {
        jdbc.sql("""
                INSERT INTO profiling_tasks (id, table_id, device_id, kind, configurations, status)
                VALUES (:id, :table, :device, :kind, CAST(:configs AS jsonb), 'PENDING')""")
                .param("id", taskId).param("table", tableId).param("device", deviceId).param("kind", kind.name())
                .param("configs", json.writeValueAsString(configurations)).update();
    }

    /** Leases the oldest claimable task of this device (verifications first), or nothing. */
    Optional<Task> claim(UUID deviceId, Duration lease) {
        return jdbc.sql("""
                UPDATE profiling_tasks SET status = 'LEASED', attempts = attempts + 1,
                       lease_expires_at = now() + make_interval(secs => :leaseSeconds)
                WHERE id = (SELECT id FROM profiling_tasks
                            WHERE device_id = :device AND status = 'PENDING'
                            ORDER BY (kind = 'VERIFY') DESC, created_at, id
                            LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id, table_id, device_id, kind, configurations::text AS configurations, status, attempts""")
                .param("device", deviceId).param("leaseSeconds", (double) lease.toSeconds())
                .query(this::task)
                .optional();
    }

    Optional<Task> find(UUID taskId) {
        return jdbc.sql("""
                SELECT id, table_id, device_id, kind, configurations::text AS configurations, status, attempts
                FROM profiling_tasks WHERE id = :id""")
                .param("id", taskId)
                .query(this::task)
                .optional();
    }

    /** Moves a task from {@code from} by {@code trigger}; false when it was no longer in {@code from}. */
    boolean move(UUID taskId, TaskStatus from, TaskStatus.Trigger trigger, String reason) {
        TaskStatus to = from.next(trigger);
        return jdbc.sql("""
                UPDATE profiling_tasks SET status = :to, failure_reason = coalesce(:reason, failure_reason),
                       lease_expires_at = CASE WHEN :to = 'LEASED' THEN lease_expires_at END,
                       completed_at = CASE WHEN :to IN ('DONE', 'FAILED') THEN now() END
                WHERE id = :id AND status = :from""")
                .param("to", to.name()).param("reason", reason).param("id", taskId).param("from", from.name())
                .update() == 1;
    }

    /** Undoes a claim whose task never reached the agent: PENDING again, the attempt not counted. */
    boolean unclaim(UUID taskId) {
        TaskStatus to = TaskStatus.LEASED.next(TaskStatus.Trigger.RELEASE);
        return jdbc.sql("""
                UPDATE profiling_tasks SET status = :to, attempts = greatest(attempts - 1, 0), lease_expires_at = NULL
                WHERE id = :id AND status = 'LEASED'""")
                .param("to", to.name()).param("id", taskId).update() == 1;
    }

    /** Fails the table's unfinished FIT and VALIDATION tasks. */
    void abandon(UUID tableId) {
        jdbc.sql("""
                UPDATE profiling_tasks SET status = 'FAILED', failure_reason = 'the table failed',
                       lease_expires_at = NULL, completed_at = now()
                WHERE table_id = :table AND kind <> 'VERIFY' AND status IN ('PENDING', 'LEASED')""")
                .param("table", tableId).update();
    }

    void extendLease(UUID taskId, Duration lease) {
        jdbc.sql("""
                UPDATE profiling_tasks SET lease_expires_at = now() + make_interval(secs => :leaseSeconds)
                WHERE id = :id AND status = 'LEASED'""")
                .param("id", taskId).param("leaseSeconds", (double) lease.toSeconds()).update();
    }

    /** Returns expired leases to PENDING, or FAILED once attempts are used up. @return tables of failed tasks */
    List<UUID> expireLeases(int maxAttempts) {
        return jdbc.sql("""
                UPDATE profiling_tasks
                SET status = CASE WHEN attempts >= :max THEN 'FAILED' ELSE 'PENDING' END,
                    failure_reason = CASE WHEN attempts >= :max
                        THEN 'lease expired ' || attempts || ' times: the device stopped answering' END,
                    lease_expires_at = NULL
                WHERE status = 'LEASED' AND lease_expires_at < now()
                RETURNING table_id, status""")
                .param("max", maxAttempts)
                .query((rs, n) -> rs.getString("status").equals("FAILED") ? rs.getObject("table_id", UUID.class)
                        : null)
                .list().stream().filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** Stores measurements; a repeated (task, index) is ignored. @return how many were new */
    int insertMeasurements(Task task, List<StoredMeasurement> measurements) {
        int inserted = 0;
        for (StoredMeasurement m : measurements) {
            inserted += jdbc.sql("""
                    INSERT INTO measurements (task_id, table_id, config_index, purpose, widths, latency_ms,
                                              spread_ms, settings)
                    VALUES (:task, :table, :index, :purpose, CAST(:widths AS jsonb), :latency, :spread,
                            CAST(:settings AS jsonb))
                    ON CONFLICT (task_id, config_index) DO NOTHING""")
                    .param("task", task.id()).param("table", task.tableId()).param("index", m.index())
                    .param("purpose", m.purpose().name()).param("widths", json.writeValueAsString(m.widths()))
                    .param("latency", m.latencyMs()).param("spread", m.spreadMs())
                    .param("settings", m.settings() == null ? null : json.writeValueAsString(m.settings()))
                    .update();
        }
        return inserted;
    }

    int measuredCount(UUID taskId) {
        return jdbc.sql("SELECT count(*) FROM measurements WHERE task_id = :task").param("task", taskId)
                .query(Integer.class).single();
    }

    List<StoredMeasurement> measurements(UUID tableId, TaskKind purpose) {
        return jdbc.sql("""
                SELECT config_index, purpose, widths::text AS widths, latency_ms, spread_ms
                FROM measurements WHERE table_id = :table AND purpose = :purpose ORDER BY id""")
                .param("table", tableId).param("purpose", purpose.name())
                .query(this::measurement)
                .list();
    }

    List<StoredMeasurement> measurementsOfTask(UUID taskId) {
        return jdbc.sql("""
                SELECT config_index, purpose, widths::text AS widths, latency_ms, spread_ms
                FROM measurements WHERE task_id = :task ORDER BY config_index""")
                .param("task", taskId)
                .query(this::measurement)
                .list();
    }

    /** Whether every FIT and VALIDATION task of the table is DONE. */
    boolean allProfilingDone(UUID tableId) {
        return jdbc.sql("""
                SELECT count(*) FROM profiling_tasks
                WHERE table_id = :table AND kind <> 'VERIFY' AND status <> 'DONE'""")
                .param("table", tableId).query(Integer.class).single() == 0;
    }

    record Progress(int tasks, int done, int measurements) {
    }

    Progress progress(UUID tableId) {
        return jdbc.sql("""
                SELECT count(*) AS tasks, count(*) FILTER (WHERE status = 'DONE') AS done,
                       (SELECT count(*) FROM measurements m WHERE m.table_id = :table AND m.purpose <> 'VERIFY')
                           AS measured
                FROM profiling_tasks WHERE table_id = :table AND kind <> 'VERIFY'""")
                .param("table", tableId)
                .query((rs, n) -> new Progress(rs.getInt("tasks"), rs.getInt("done"), rs.getInt("measured")))
                .single();
    }

    private Task task(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Task(rs.getObject("id", UUID.class), rs.getObject("table_id", UUID.class),
                rs.getObject("device_id", UUID.class), TaskKind.valueOf(rs.getString("kind")),
                json.readValue(rs.getString("configurations"), CONFIGS), TaskStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"));
    }

    private StoredMeasurement measurement(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredMeasurement(rs.getInt("config_index"), TaskKind.valueOf(rs.getString("purpose")),
                json.readValue(rs.getString("widths"), WIDTHS), rs.getDouble("latency_ms"),
                (Double) rs.getObject("spread_ms"), null);
    }
}
