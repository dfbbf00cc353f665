package dev.slimfit.api.latency;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bar a fitted latency table must meet to become READY ({@code slimfit.api.latency-quality.*};
 * docs/methods/latency-model.md, "Quality gate").
 *
 * @param enabled           false makes every successful fit READY, as before the gate existed
 * @param maxNrmsePercent   highest held-out NRMSE (outliers screened out) a READY table may have
 * @param minWithin10Share  lowest share (0..1) of held-out configurations predicted within ±10%
 * @param maxOutlierShare   highest share of held-out timings the fit may set aside as outliers
 * @param noiseRatio        the space's measured latency range (widest against narrowest network) must exceed this
 *                          many times the timing noise of one measurement; below it no budget can be resolved
 * @param maxResampleRounds how many times a table that misses the bar is profiled again before it is marked
 *                          LOW_QUALITY (0: mark it at once)
 * @param resampleShare     each round adds this share of the table's first fit and validation sample counts
 * @param repeatSamples     validation configurations timed a second time (with the narrowest and the widest
 *                          network, four times each) for the repeat ceiling and the noise estimate; 0 times nothing
 *                          again (no ceiling, no noise-floor check)
 */
@Validated
@ConfigurationProperties("slimfit.api.latency-quality")
public record LatencyQualityProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("20") @DecimalMin("0.1") Double maxNrmsePercent,
        @NotNull @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") Double minWithin10Share,
        @NotNull @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("0.49") Double maxOutlierShare,
        @NotNull @DefaultValue("2") @DecimalMin("0") Double noiseRatio,
        @NotNull @DefaultValue("2") @Min(0) @Max(10) Integer maxResampleRounds,
        @NotNull @DefaultValue("0.5") @DecimalMin("0.05") @DecimalMax("4") Double resampleShare,
        @NotNull @DefaultValue("20") @Min(0) @Max(1000) Integer repeatSamples) {
}
