package dev.slimfit.api.job;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobEventRepository extends JpaRepository<JobEvent, Long> {

    List<JobEvent> findByJobIdAndSeqGreaterThanOrderBySeq(UUID jobId, long afterSeq, Limit limit);

    boolean existsByEventId(UUID eventId);

    boolean existsByJobIdAndEventId(UUID jobId, UUID eventId);
}
