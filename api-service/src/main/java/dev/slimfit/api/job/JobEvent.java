package dev.slimfit.api.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.slimfit.core.contract.JobStatus;

/** One entry of a job's append-only event stream; never updated. */
@Entity
@Table(name = "job_events")
class JobEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "job_id", nullable = false)
    private UUID jobId;

    @Column(nullable = false)
    private long seq;

    @Column(name = "event_id", nullable = false)
    private UUID eventId;

    @Column(nullable = false)
    private String type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobStatus status;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected JobEvent() {
    }

    JobEvent(UUID jobId, long seq, UUID eventId, String type, JobStatus status, String payloadJson,
             Instant createdAt) {
        this.jobId = jobId;
        this.seq = seq;
        this.eventId = eventId;
        this.type = type;
        this.status = status;
        this.payload = payloadJson;
        this.createdAt = createdAt;
    }

    /** The next event of {@code job}'s stream, in its current status, caused by nothing the caller names. */
    static JobEvent next(Job job, String type, String payloadJson, Instant at) {
        return next(job, UUID.randomUUID(), type, job.status(), payloadJson, at);
    }

    /** The next event of {@code job}'s stream: takes the job's next sequence number. */
    static JobEvent next(Job job, UUID eventId, String type, JobStatus status, String payloadJson, Instant at) {
        return new JobEvent(job.id(), job.nextEventSeq(), eventId, type, status, payloadJson, at);
    }

    long seq() {
        return seq;
    }

    UUID eventId() {
        return eventId;
    }

    String type() {
        return type;
    }

    JobStatus status() {
        return status;
    }

    String payload() {
        return payload;
    }

    Instant createdAt() {
        return createdAt;
    }
}
