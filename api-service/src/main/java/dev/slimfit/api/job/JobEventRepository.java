package dev.slimfit.api.job;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface JobEventRepository extends JpaRepository<JobEvent, Long> {

    List<JobEvent> findByJobIdAndSeqGreaterThanOrderBySeq(UUID jobId, long afterSeq, Limit limit);

    boolean existsByEventId(UUID eventId);

    boolean existsByJobIdAndEventId(UUID jobId, UUID eventId);

    /** Whether {@code workerId} reported the final outcome (SUCCEEDED, FAILED, CANCELLED) that ended the job. */
    @Query(nativeQuery = true, value = """
            SELECT EXISTS (SELECT 1 FROM job_events WHERE job_id = :jobId
                             AND type IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND payload ->> 'workerId' = :workerId)""")
    boolean finishedBy(UUID jobId, String workerId);
}
