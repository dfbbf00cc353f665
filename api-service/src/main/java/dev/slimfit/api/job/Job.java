package dev.slimfit.api.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import org.hibernate.annotations.ColumnTransformer;
import org.springframework.data.domain.Persistable;

import dev.slimfit.core.contract.JobStateMachine;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.JobTrigger;

/**
 * A search job row. Its status only changes through {@link #transition}, which asks {@link JobStateMachine};
 * the version column makes a concurrent change lose with an exception instead of overwriting.
 * JSON columns hold serialised contract records (spec, progress, result).
 * It says itself whether it is new ({@link Persistable}), so saving a submitted job is one INSERT, not the SELECT
 * a merge of an assigned id would first make.
 */
@Entity
@Table(name = "jobs")
class Job implements Persistable<UUID> {

    @Id
    private UUID id;

    @Column(name = "team_id", nullable = false)
    private UUID teamId;

    @Column(nullable = false)
    private String method;

    @Column(name = "search_space", nullable = false)
    private String searchSpace;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String spec;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobStatus status;

    @Version
    private long version;

    @Column(nullable = false)
    private int priority;

    @Column(name = "idempotency_key")
    private String idempotencyKey;

    @Column(name = "request_hash")
    private String requestHash;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String progress;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String result;

    @Column(name = "failure_type")
    private String failureType;

    @Column(name = "failure_message")
    private String failureMessage;

    @Column(name = "last_event_seq", nullable = false)
    private long lastEventSeq;

    @Column(name = "worker_id")
    private String workerId;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    @Column(nullable = false)
    private int attempt;

    @Column(name = "latency_table_id")
    private UUID latencyTableId;

    @Column(name = "lost_leases", nullable = false)
    private int lostLeases;

    /** QUEUED behind the team's running-jobs limit: no message on the queue until a slot frees. */
    @Column(nullable = false)
    private boolean held;

    @Column(name = "verification_task_id")
    private UUID verificationTaskId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    /** Built by the submit and not yet stored; loaded rows are not new. */
    @Transient
    private boolean fresh;

    protected Job() {
    }

    Job(UUID id, UUID teamId, String method, String searchSpace, String specJson, JobStatus status, int priority,
        String idempotencyKey, String requestHash, Instant now) {
        this.id = id;
        this.teamId = teamId;
        this.method = method;
        this.searchSpace = searchSpace;
        this.spec = specJson;
        this.status = status;
        this.priority = priority;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = now;
        this.updatedAt = now;
        this.fresh = true;
    }

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }

    /** Moves the job by {@code trigger}; throws {@link dev.slimfit.core.contract.IllegalTransitionException}. */
    JobStatus transition(JobTrigger trigger, Instant now) {
        JobStatus next = JobStateMachine.next(status, trigger);
        if (next == JobStatus.RUNNING && startedAt == null) {
            startedAt = now;
        }
        if (next.isTerminal() && finishedAt == null) {
            finishedAt = now;
        }
        status = next;
        updatedAt = now;
        return next;
    }

    /** Reserves the next number in this job's event stream (dense, from 1). */
    long nextEventSeq() {
        return ++lastEventSeq;
    }

    /** Hands the job to {@code worker} until {@code until}; a new attempt of the job begins. */
    void lease(String worker, Instant until) {
        workerId = worker;
        leaseExpiresAt = until;
        attempt++;
    }

    void renewLease(Instant until) {
        leaseExpiresAt = until;
    }

    void clearLease() {
        workerId = null;
        leaseExpiresAt = null;
    }

    boolean leasedTo(String worker) {
        return worker != null && worker.equals(workerId);
    }

    /** A worker stopped renewing the lease: counted. @return how many leases the job has lost */
    int leaseLost() {
        return ++lostLeases;
    }

    void hold() {
        held = true;
    }

    void dispatch() {
        held = false;
    }

    boolean held() {
        return held;
    }

    /**
     * Whether the job takes one of its team's running-jobs slots: running, cancelling, or queued with a message
     * ({@link TeamDispatch#HOLDS_SLOT} says the same in SQL).
     */
    boolean holdsSlot() {
        return status == JobStatus.RUNNING || status == JobStatus.CANCELLING
                || (status == JobStatus.QUEUED && !held);
    }

    void useLatencyTable(UUID tableId) {
        latencyTableId = tableId;
    }

    void touch(Instant now) {
        updatedAt = now;
    }

    void awaitVerification(UUID taskId) {
        verificationTaskId = taskId;
    }

    void recordProgress(String progressJson) {
        this.progress = progressJson;
    }

    void recordResult(String resultJson) {
        this.result = resultJson;
    }

    void recordFailure(String type, String message) {
        this.failureType = type;
        this.failureMessage = message;
    }

    UUID id() {
        return id;
    }

    UUID teamId() {
        return teamId;
    }

    String method() {
        return method;
    }

    String searchSpace() {
        return searchSpace;
    }

    String spec() {
        return spec;
    }

    JobStatus status() {
        return status;
    }

    long version() {
        return version;
    }

    int priority() {
        return priority;
    }

    String requestHash() {
        return requestHash;
    }

    String progress() {
        return progress;
    }

    String result() {
        return result;
    }

    String failureType() {
        return failureType;
    }

    String failureMessage() {
        return failureMessage;
    }

    String workerId() {
        return workerId;
    }

    Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    int attempt() {
        return attempt;
    }

    UUID latencyTableId() {
        return latencyTableId;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant finishedAt() {
        return finishedAt;
    }
}
