package dev.slimfit.api.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API service ({@code slimfit.api.*}).
 *
 * @param adminKey          the key that manages teams and their API keys; empty disables admin endpoints
 * @param enrollmentSecret  the secret profiler agents present to register a device; empty disables enrollment
 * @param workerSecret      the secret search workers present to claim and report on jobs; empty disables them
 * @param maxRequestBody    requests with a larger body are refused with 413 before they are parsed
 * @param outboxPollInterval how often the relay looks for unpublished outbox rows
 * @param outboxBatchSize   outbox rows published per relay pass, sent on one channel and confirmed by one wait
 * @param publishConfirmTimeout how long the relay waits for the broker to confirm one message
 * @param deviceOfflineAfter a device without a heartbeat for this long is shown OFFLINE
 * @param profilingLease    how long a claimed profiling task stays with its device without news from it
 * @param profilingTaskSize configurations per profiling task (the unit an agent claims and a crash can lose)
 * @param profilingMaxAttempts leases a profiling task may use up before its table fails
 * @param defaultLatencyBatchSize batch size of tables requested automatically for latency-budget jobs
 * @param defaultLatencySamples  fit measurements of an automatically requested table
 * @param defaultLatencyValidationSamples held-out measurements of an automatically requested table
 * @param jobLease          how long a claimed job stays with its worker without a heartbeat
 * @param maxArtifact       largest artifact a worker may upload
 * @param requeueAfter      a job QUEUED this long with no message on its way gets a new one
 * @param datasetRoots      absolute folders under which {@code folder:} datasets may lie (as the workers see
 *                          them); empty refuses every folder dataset, {@code fashion-mnist} is always allowed.
 *                          Strings, not {@code Path}: Spring's Path conversion resolves an existing "/" against
 *                          the servlet context
 */
@Validated
@ConfigurationProperties("slimfit.api")
public record ApiProperties(
        @DefaultValue("") String adminKey,
        @DefaultValue("") String enrollmentSecret,
        @DefaultValue("") String workerSecret,
        @NotNull @DefaultValue("64KB") DataSize maxRequestBody,
        @NotNull @DefaultValue("500ms") Duration outboxPollInterval,
        @DefaultValue("250") int outboxBatchSize,
        @NotNull @DefaultValue("5s") Duration publishConfirmTimeout,
        @NotNull @DefaultValue("30s") Duration deviceOfflineAfter,
        @NotNull @DefaultValue("2m") Duration profilingLease,
        @NotNull @DefaultValue("25") Integer profilingTaskSize,
        @NotNull @DefaultValue("3") Integer profilingMaxAttempts,
        @NotNull @DefaultValue("1") Integer defaultLatencyBatchSize,
        @NotNull @DefaultValue("1000") Integer defaultLatencySamples,
        @NotNull @DefaultValue("200") Integer defaultLatencyValidationSamples,
        @NotNull @DefaultValue("60s") Duration jobLease,
        @NotNull @DefaultValue("256MB") DataSize maxArtifact,
        @NotNull @DefaultValue("10m") Duration requeueAfter,
        @NotNull @DefaultValue({}) List<String> datasetRoots) {

    /** Never print the admin key. */
    @Override
    public String toString() {
        return "ApiProperties[adminKey=" + (adminKey.isEmpty() ? "<unset>" : "<redacted>") + ", enrollmentSecret="
                + (enrollmentSecret.isEmpty() ? "<unset>" : "<redacted>") + ", workerSecret="
                + (workerSecret.isEmpty() ? "<unset>" : "<redacted>") + ", maxRequestBody="
                + maxRequestBody + ", outboxPollInterval=" + outboxPollInterval + ", outboxBatchSize="
                + outboxBatchSize + ", publishConfirmTimeout=" + publishConfirmTimeout + ", deviceOfflineAfter="
                + deviceOfflineAfter + ", profilingLease=" + profilingLease + ", profilingTaskSize="
                + profilingTaskSize + ", profilingMaxAttempts=" + profilingMaxAttempts + ", defaultLatencySamples="
                + defaultLatencySamples + ", datasetRoots=" + datasetRoots + "]";
    }
}
