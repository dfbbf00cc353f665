package dev.slimfit.api.job;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import dev.slimfit.core.contract.JobStatus;

interface JobRepository extends JpaRepository<Job, UUID> {

    Optional<Job> findByIdAndTeamId(UUID id, UUID teamId);

    Optional<Job> findByTeamIdAndIdempotencyKey(UUID teamId, String idempotencyKey);

    Page<Job> findByTeamId(UUID teamId, Pageable pageable);

    Page<Job> findByTeamIdAndStatus(UUID teamId, JobStatus status, Pageable pageable);
}
