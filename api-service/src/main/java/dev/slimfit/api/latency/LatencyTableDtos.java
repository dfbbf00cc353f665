package dev.slimfit.api.latency;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Requests and responses of the latency-table and profiling endpoints. */
final class LatencyTableDtos {

    private LatencyTableDtos() {
    }

    record CreateTableRequest(@NotNull UUID deviceId, @NotBlank @Size(max = 64) String searchSpace,
                              @NotNull @Min(1) @Max(256) Integer batchSize,
                              @NotNull @Min(1) @Max(20000) Integer samples,
                              @NotNull @Min(1) @Max(5000) Integer validationSamples) {
    }

    record FitFigures(int trainingSamples, int validationSamples, double penaltyK, double validationRmseMs,
                      double validationNrmsePercent, double validationWithin5Percent,
                      double validationWithin10Percent, double trainingNrmsePercent, int unknowns,
                      int unobservedUnknowns) {
    }

    record Entry(String key, int inputWidth, int outputWidth, double latencyMs, int observations) {
    }

    record MeasurementView(String purpose, List<Integer> widths, double latencyMs, Double spreadMs) {
    }

    record Progress(int tasks, int tasksDone, int measurements, int measurementsExpected) {
    }

    record TableSummary(UUID id, UUID deviceId, String runtime, String searchSpace, int batchSize, int version,
                        TableStatus status, Progress progress, FitFigures fit, String failureReason,
                        Instant createdAt, Instant readyAt) {
    }

    record TableDetail(TableSummary table, double offsetMs, List<Entry> entries,
                       List<MeasurementView> measurements) {
    }

    /** A batch of configurations a device should time, leased until {@code leaseExpiresAt}. */
    record ClaimedTask(UUID taskId, UUID tableId, String kind, String searchSpace, int batchSize,
                       List<List<Integer>> configurations, int attempt, Instant leaseExpiresAt) {
    }

    record MeasurementUpload(@NotNull @Min(0) Integer index,
                             @NotNull @Size(min = 1, max = 64) List<@NotNull Integer> widths,
                             @NotNull Double latencyMs, Double spreadMs,
                             @Size(max = 32) Map<String, Object> settings) {
    }

    record UploadRequest(@NotEmpty @Size(max = 500) List<@Valid @NotNull MeasurementUpload> measurements) {
    }

    record UploadResult(int accepted, int duplicates, int measured, int expected) {
    }

    record FailRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    record VerifyRequest(@NotEmpty @Size(max = 200) List<@NotNull @Size(min = 1, max = 64) List<@NotNull Integer>>
                                 configurations,
                         @Min(0) @Max(120) Integer waitSeconds) {
    }

    record Comparison(List<Integer> widths, double predictedMs, Double measuredMs, Double errorPercent) {
    }

    record Verification(UUID verificationId, UUID tableId, String status, List<Comparison> comparisons,
                        Double meanAbsoluteErrorPercent) {
    }
}
