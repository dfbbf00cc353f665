package dev.slimfit.api.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.JobStatus;

/**
 * The reads behind {@code GET /jobs/{id}} and the job list, the API's hottest paths (dashboards poll them): one
 * SQL statement each over JDBC, in autocommit, with only the columns a {@link JobResponse} shows. No entity is
 * built, no persistence context or transaction is opened, and the JSON columns go to {@link JobMapper} as text.
 * A single statement reads one consistent snapshot, so nothing is lost against the entity path; writes still go
 * through {@link Job} and its state machine.
 */
@Component
class JobReads {

    private static final String COLUMNS = "id, status, spec, priority, attempt, created_at, updated_at, "
            + "started_at, finished_at, progress, result, failure_type, failure_message, held";

    private final JdbcClient jdbc;
    private final JobMapper mapper;

    JobReads(JdbcClient jdbc, JobMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** The team's job; another team's job is as absent as a missing one. */
    Optional<JobResponse> find(UUID teamId, UUID jobId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ? AND team_id = ?")
                .params(jobId, teamId)
                .query(this::row)
                .optional();
    }

    /** The job exists and is the team's (another team's job is as absent as a missing one). */
    boolean owned(UUID teamId, UUID jobId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM jobs WHERE id = ? AND team_id = ?)")
                .params(jobId, teamId).query(Boolean.class).single();
    }

    /**
     * Up to {@code limit} of the team's jobs strictly older than {@code after} (null: from the newest), newest
     * first. The row comparison becomes a start key on {@code ix_jobs_team_created} (or
     * {@code ix_jobs_team_status_created}); the equivalent OR of two comparisons would filter every newer row.
     */
    List<JobResponse> page(UUID teamId, JobStatus status, JobCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM jobs WHERE team_id = :team");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (:at, :id)");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("team", teamId).param("limit", limit);
        if (status != null) {
            statement = statement.param("status", status.name());
        }
        if (after != null) {
            statement = statement.param("at", OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC))
                    .param("id", after.id());
        }
        return statement.query(this::row).list();
    }

    private JobResponse row(ResultSet rs, int n) throws SQLException {
        return mapper.toResponse(new JobMapper.Columns(rs.getObject("id", UUID.class),
                JobStatus.valueOf(rs.getString("status")), rs.getString("spec"), rs.getInt("priority"),
                rs.getInt("attempt"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("progress"),
                rs.getString("result"), rs.getString("failure_type"), rs.getString("failure_message"),
                rs.getBoolean("held")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
