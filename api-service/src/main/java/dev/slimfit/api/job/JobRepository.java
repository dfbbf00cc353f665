package dev.slimfit.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

import dev.slimfit.core.contract.JobStatus;

interface JobRepository extends JpaRepository<Job, UUID> {

    /** The job row locked for the rest of the transaction: transitions of one job happen one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from Job j where j.id = ?1")
    Optional<Job> findForUpdate(UUID id);

    Optional<Job> findByIdAndTeamId(UUID id, UUID teamId);

    Optional<Job> findByTeamIdAndIdempotencyKey(UUID teamId, String idempotencyKey);

    /** Deprecated page-number listing: an OFFSET scan and a count of all the team's jobs. */
    Page<Job> findByTeamId(UUID teamId, Pageable pageable);

    Page<Job> findByTeamIdAndStatus(UUID teamId, JobStatus status, Pageable pageable);

    /** The first page of a keyset listing, newest first (index {@code ix_jobs_team_created}). */
    List<Job> findByTeamIdOrderByCreatedAtDescIdDesc(UUID teamId, Limit limit);

    List<Job> findByTeamIdAndStatusOrderByCreatedAtDescIdDesc(UUID teamId, JobStatus status, Limit limit);

    /**
     * The jobs strictly older than ({@code createdAt}, {@code id}). Native, because PostgreSQL turns the row
     * comparison into a start key on {@code ix_jobs_team_created} (the equivalent OR of two comparisons would be
     * a filter over every newer row).
     */
    @Query(nativeQuery = true, value = """
            SELECT * FROM jobs WHERE team_id = :teamId AND (created_at, id) < (:createdAt, :id)
            ORDER BY created_at DESC, id DESC LIMIT :limit""")
    List<Job> findPageAfter(UUID teamId, Instant createdAt, UUID id, int limit);

    /** As {@link #findPageAfter} within one status ({@code ix_jobs_team_status_created}). */
    @Query(nativeQuery = true, value = """
            SELECT * FROM jobs WHERE team_id = :teamId AND status = :status AND (created_at, id) < (:createdAt, :id)
            ORDER BY created_at DESC, id DESC LIMIT :limit""")
    List<Job> findPageAfterWithStatus(UUID teamId, String status, Instant createdAt, UUID id, int limit);
}
