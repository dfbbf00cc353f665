package dev.slimfit.api.latency;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.ColumnTransformer;

/** One version of a device's latency table for a space and batch size, with its entries and fit figures. */
@Entity
@Table(name = "latency_tables")
class DeviceLatencyTable {

    @Id
    private UUID id;

    @Column(name = "device_id", nullable = false)
    private UUID deviceId;

    @Column(nullable = false)
    private String runtime;

    @Column(name = "search_space", nullable = false)
    private String searchSpace;

    @Column(name = "batch_size", nullable = false)
    private int batchSize;

    @Column(name = "table_version", nullable = false)
    private int tableVersion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TableStatus status;

    @Version
    private long version;

    @Column(nullable = false)
    private int samples;

    @Column(name = "validation_samples", nullable = false)
    private int validationSamples;

    @Column(name = "repeat_samples", nullable = false)
    private int repeatSamples;

    @Column(name = "resample_rounds", nullable = false)
    private int resampleRounds;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String entries;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String fit;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "ready_at")
    private Instant readyAt;

    protected DeviceLatencyTable() {
    }

    DeviceLatencyTable(UUID id, UUID deviceId, String runtime, String searchSpace, int batchSize, int tableVersion,
                       int samples, int validationSamples, int repeatSamples, Instant now) {
        this.id = id;
        this.deviceId = deviceId;
        this.runtime = runtime;
        this.searchSpace = searchSpace;
        this.batchSize = batchSize;
        this.tableVersion = tableVersion;
        this.samples = samples;
        this.validationSamples = validationSamples;
        this.repeatSamples = repeatSamples;
        this.status = TableStatus.PROFILING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void startFitting(Instant now) {
        require(TableStatus.PROFILING);
        status = TableStatus.FITTING;
        updatedAt = now;
    }

    void ready(String entriesJson, String fitJson, Instant now) {
        require(TableStatus.FITTING);
        status = TableStatus.READY;
        failureReason = null;
        entries = entriesJson;
        fit = fitJson;
        readyAt = now;
        updatedAt = now;
    }

    /**
     * The fit missed the quality bar and another round is allowed: back to PROFILING for the added measurements,
     * keeping this round's figures visible.
     */
    void resample(int addedSamples, int addedValidationSamples, String fitJson, String reason, Instant now) {
        require(TableStatus.FITTING);
        status = TableStatus.PROFILING;
        samples += addedSamples;
        validationSamples += addedValidationSamples;
        resampleRounds++;
        fit = fitJson;
        failureReason = reason;
        updatedAt = now;
    }

    /** The fit missed the quality bar with no rounds left: usable only by jobs that accept a low-quality table. */
    void lowQuality(String entriesJson, String fitJson, String reason, Instant now) {
        require(TableStatus.FITTING);
        status = TableStatus.LOW_QUALITY;
        entries = entriesJson;
        fit = fitJson;
        failureReason = reason;
        readyAt = now;
        updatedAt = now;
    }

    void fail(String reason, Instant now) {
        if (status == TableStatus.READY || status == TableStatus.FAILED || status == TableStatus.LOW_QUALITY) {
            throw new IllegalStateException("a " + status + " table cannot fail");
        }
        status = TableStatus.FAILED;
        failureReason = reason;
        updatedAt = now;
    }

    private void require(TableStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("table " + id + " is " + status + ", not " + expected);
        }
    }

    UUID id() {
        return id;
    }

    UUID deviceId() {
        return deviceId;
    }

    String runtime() {
        return runtime;
    }

    String searchSpace() {
        return searchSpace;
    }

    int batchSize() {
        return batchSize;
    }

    int tableVersion() {
        return tableVersion;
    }

    TableStatus status() {
        return status;
    }

    int samples() {
        return samples;
    }

    int validationSamples() {
        return validationSamples;
    }

    int repeatSamples() {
        return repeatSamples;
    }

    int resampleRounds() {
        return resampleRounds;
    }

    String entries() {
        return entries;
    }

    String fit() {
        return fit;
    }

    String failureReason() {
        return failureReason;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant readyAt() {
        return readyAt;
    }
}
