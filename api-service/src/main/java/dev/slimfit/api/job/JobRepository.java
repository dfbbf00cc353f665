package dev.slimfit.api.job;

import java.util.Optional;
import java.util.UUID;

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
}
