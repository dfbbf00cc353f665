package dev.slimfit.api.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/jobs}. Enum-like fields are strings here so an unknown value gets a message
 * listing the allowed ones; {@link JobSpecValidator} turns the request into a {@link dev.slimfit.core.contract.JobSpec}.
 */
record CreateJobRequest(
        @Schema(description = "AOWS, OWS, DNAL, ENAS4D or UNIFORM", example = "AOWS")
        @NotBlank String method,
        @Schema(description = "name of a search space, see GET /api/v1/search-spaces", example = "fmnist-small")
        @NotBlank @Size(max = 64) String searchSpace,
        @Schema(description = "'fashion-mnist' or 'folder:/absolute/path' (one sub-folder per class)",
                example = "fashion-mnist")
        @NotBlank @Size(max = 500) String dataset,
        @NotNull @Valid BudgetRequest budget,
        @Valid TrainingRequest training,
        @Schema(description = "0 (lowest) to 9 (highest); default 5") @Min(0) @Max(9) Integer priority) {

    /** Exactly one of latencyMs (with deviceId), macs, params, averageMacs. */
    record BudgetRequest(
            @Schema(description = "latency budget in milliseconds on deviceId") @Positive Double latencyMs,
            @Size(max = 100) String deviceId,
            @Schema(description = "multiply-add budget") @Positive Long macs,
            @Schema(description = "parameter budget") @Positive Long params,
            @Schema(description = "average multiply-adds per image, for early-exit (ENAS4D) networks")
            @Positive Long averageMacs,
            @Schema(description = "latency budgets only, default false: run on the device's latency table even "
                    + "when it missed the quality bar (status LOW_QUALITY, e.g. because the space's latency range "
                    + "lies inside the timing noise); without it such a job fails with LATENCY_TABLE_LOW_QUALITY "
                    + "and the table's reason")
            Boolean acceptLowQualityTable) {

        BudgetRequest(Double latencyMs, String deviceId, Long macs, Long params, Long averageMacs) {
            this(latencyMs, deviceId, macs, params, averageMacs, null);
        }
    }

    record TrainingRequest(
            @Schema(description = "supernet epochs, default 10") @Min(1) @Max(300) Integer epochs,
            @Schema(description = "fine-tuning epochs of the decoded network, default 2") @Min(0) @Max(100)
            Integer finalEpochs,
            @Schema(description = "images per step, default 64") @Min(1) @Max(2048) Integer batchSize,
            @Schema(description = "seed of split, sampling and initialisation, default 0") @Min(0) Long seed,
            @Schema(description = "use only this many training images (seeded, stratified); default all")
            @Min(100) @Max(10_000_000) Integer trainImages) {
    }
}
