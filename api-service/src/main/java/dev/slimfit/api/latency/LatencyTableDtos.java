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

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.swagger.v3.oas.annotations.media.Schema;

/** Requests and responses of the latency-table and profiling endpoints. */
final class LatencyTableDtos {

    private LatencyTableDtos() {
    }

    record CreateTableRequest(@NotNull UUID deviceId, @NotBlank @Size(max = 64) String searchSpace,
                              @NotNull @Min(1) @Max(256) Integer batchSize,
                              @NotNull @Min(1) @Max(20000) Integer samples,
                              @NotNull @Min(1) @Max(5000) Integer validationSamples) {
    }

    /**
     * A fit's figures. The validation figures leave out held-out timings the fit screened as outliers (counted in
     * {@code validationOutliers}; {@code validationNrmseAllPercent} includes them). The repeat figures compare the
     * first and second timing of the same validation networks: the ceiling no model can beat on this device.
     * Fields after {@code unobservedUnknowns} are null on tables fitted before they existed.
     */
    record FitFigures(int trainingSamples, int validationSamples, double penaltyK, double validationRmseMs,
                      double validationNrmsePercent, double validationWithin5Percent,
                      double validationWithin10Percent, double trainingNrmsePercent, int unknowns,
                      int unobservedUnknowns,
                      @Schema(description = "fit timings set aside as outliers") Integer trainingOutliers,
                      @Schema(description = "held-out timings set aside as outliers") Integer validationOutliers,
                      @Schema(description = "held-out NRMSE with the outliers included") Double validationNrmseAllPercent,
                      @Schema(description = "validation networks timed twice") Integer repeatPairs,
                      @Schema(description = "repeat ceiling: NRMSE of one timing predicting the other")
                      Double repeatNrmsePercent,
                      @Schema(description = "repeat ceiling: share of second timings within ±5% of the first")
                      Double repeatWithin5Percent,
                      @Schema(description = "repeat ceiling: share within ±10%") Double repeatWithin10Percent,
                      @Schema(description = "robust relative spread of one timing, from every network timed twice")
                      Double timingNoisePercent,
                      @Schema(description = "median timing of the narrowest network") Double narrowestMs,
                      @Schema(description = "median timing of the widest network") Double widestMs,
                      @Schema(description = "resampling rounds this table went through") Integer resampleRounds,
                      @Schema(description = "whether these figures met the quality bar") Boolean meetsQualityBar,
                      @Schema(description = "the residual model's held-out figures beside the table's (null when "
                              + "none was fitted)") ResidualFigures residual) {
    }

    /**
     * The table with its residual model (gradient-boosted trees over the configuration) on the same held-out networks,
     * outliers included: {@code used} says whether it improved them and is kept (decodes then check their choice near
     * the budget against it), {@code note} why not otherwise.
     */
    record ResidualFigures(boolean used, Integer trees, Double validationNrmsePercent, Double validationWithin5Percent,
                           Double validationWithin10Percent, Double tableNrmsePercent, Double tableWithin5Percent,
                           Double tableWithin10Percent, String note) {
    }

    record Entry(String key, int inputWidth, int outputWidth, double latencyMs, int observations) {
    }

    @Schema(description = "purpose: FIT, VALIDATION or REPEAT (a second timing of a validation, the narrowest or "
            + "the widest network)")
    record MeasurementView(String purpose, List<Integer> widths, double latencyMs, Double spreadMs) {
    }

    record Progress(int tasks, int tasksDone, int measurements, int measurementsExpected) {
    }

    /**
     * A table as every endpoint shows it (create, get, a device's list). Once it is READY, {@code minLatencyMs} and
     * {@code maxLatencyMs} are the fastest and slowest latency it predicts over the whole space, reached by
     * {@code fastestWidths} and {@code slowestWidths}: the range a latency budget for this device can take.
     * They are null before.
     */
    record TableView(UUID id, UUID deviceId, String runtime, String searchSpace, int batchSize, int version,
                     TableStatus status, Progress progress, FitFigures fit, String failureReason,
                     Instant createdAt, Instant readyAt,
                     @Schema(description = "fastest predicted latency of any configuration (READY and LOW_QUALITY tables)")
                     Double minLatencyMs,
                     @Schema(description = "the widths of that fastest configuration")
                     List<Integer> fastestWidths,
                     @Schema(description = "slowest predicted latency of any configuration (READY and LOW_QUALITY tables)")
                     Double maxLatencyMs,
                     @Schema(description = "the widths of that slowest configuration")
                     List<Integer> slowestWidths) {
    }

    /**
     * {@code GET /latency-tables/{id}}: the same fields as {@link TableView}, at the top level, plus the fitted
     * entries and the raw measurements.
     */
    record TableDetail(@JsonUnwrapped TableView table,
                       @Schema(description = "the model's constant overhead t0 (READY tables; 0 before)")
                       double offsetMs,
                       List<Entry> entries,
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

    @Schema(description = "Configurations to time on the table's device: each one width per layer of the table's "
            + "search space, every width one of that layer's widthChoices (GET /api/v1/search-spaces/{name}); for "
            + "fmnist-small e.g. {\"configurations\":[[8,16,32,32,64]],\"waitSeconds\":30}")
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
