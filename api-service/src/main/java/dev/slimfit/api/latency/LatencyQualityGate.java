package dev.slimfit.api.latency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.space.SearchSpace;

/**
 * Judges a fitted table against {@link LatencyQualityProperties}: its held-out figures, and whether the space's
 * latency range (the widest network against the narrowest, as measured) stands out of the timing noise (from
 * configurations timed twice). Pure: everything it needs is passed in.
 */
final class LatencyQualityGate {

    /**
     * What repeated timings say.
     *
     * @param pairs           configurations with at least two timings (their first two are compared)
     * @param noisePercent    robust relative spread of one timing (1.4826 * median |relative difference| / sqrt 2)
     * @param ceilingPairs    validation configurations timed again: the repeat ceiling's sample
     * @param ceilingNrmsePercent  RMS difference of the two timings over the mean first timing
     * @param ceilingWithin5  share of second timings within ±5% of the first
     * @param ceilingWithin10 share within ±10%
     * @param narrowestMs     median timing of the narrowest network (null when it was not timed)
     * @param widestMs        median timing of the widest network (null when it was not timed)
     */
    record Repeats(int pairs, Double noisePercent, int ceilingPairs, Double ceilingNrmsePercent, Double ceilingWithin5,
                   Double ceilingWithin10, Double narrowestMs, Double widestMs) {
    }

    /**
     * @param passed     the table may be READY
     * @param noiseFloor the space's latency range lies inside the timing noise (more samples cannot help)
     * @param reason     why it failed, with the figures; null when it passed
     */
    record Verdict(boolean passed, boolean noiseFloor, String reason, Repeats repeats) {
    }

    private LatencyQualityGate() {
    }

    /**
     * @param validation the VALIDATION timings
     * @param repeat     the REPEAT timings (validation networks, the narrowest and the widest timed again)
     * @param all        every timing of the table (FIT, VALIDATION and REPEAT), for the noise estimate
     */
    static Repeats repeats(SearchSpace space, List<Measurement> validation, List<Measurement> repeat,
                           List<Measurement> all) {
        Map<String, List<Double>> byWidths = new LinkedHashMap<>();
        for (Measurement m : all) {
            byWidths.computeIfAbsent(Arrays.toString(m.widths()), k -> new ArrayList<>()).add(m.latencyMs());
        }
        List<Double> differences = new ArrayList<>();
        for (List<Double> timings : byWidths.values()) {
            if (timings.size() >= 2) {
                double a = timings.get(0);
                double b = timings.get(1);
                differences.add(Math.abs(b - a) / (0.5 * (a + b)));
            }
        }
        Double noise = differences.isEmpty() ? null
                : 100 * 1.4826 * median(differences) / Math.sqrt(2);
        // The ceiling: how well a validation timing predicts the REPEAT timing of the same network.
        int ceiling = 0;
        double squared = 0;
        double firstSum = 0;
        int within5 = 0;
        int within10 = 0;
        Map<String, Double> firstTiming = new LinkedHashMap<>();
        for (Measurement m : validation) {
            firstTiming.putIfAbsent(Arrays.toString(m.widths()), m.latencyMs());
        }
        for (Measurement m : repeat) {
            Double first = firstTiming.remove(Arrays.toString(m.widths()));
            if (first == null) {
                continue;
            }
            double second = m.latencyMs();
            ceiling++;
            squared += (second - first) * (second - first);
            firstSum += first;
            double relative = Math.abs(second - first) / first;
            within5 += relative <= 0.05 ? 1 : 0;
            within10 += relative <= 0.10 ? 1 : 0;
        }
        return new Repeats(differences.size(), noise, ceiling,
                ceiling == 0 ? null : 100 * Math.sqrt(squared / ceiling) / (firstSum / ceiling),
                ceiling == 0 ? null : (double) within5 / ceiling, ceiling == 0 ? null : (double) within10 / ceiling,
                medianOf(byWidths.get(Arrays.toString(space.smallest()))),
                medianOf(byWidths.get(Arrays.toString(space.largest()))));
    }

    static Verdict judge(LatencyQualityProperties bar, FitResult fit, Repeats repeats, int batchSize) {
        if (!bar.enabled()) {
            return new Verdict(true, false, null, repeats);
        }
        if (repeats.narrowestMs() != null && repeats.widestMs() != null && repeats.noisePercent() != null) {
            double rangePercent = 100 * (repeats.widestMs() - repeats.narrowestMs()) / repeats.narrowestMs();
            if (rangePercent <= bar.noiseRatio() * repeats.noisePercent()) {
                return new Verdict(false, true, String.format(Locale.ROOT, "the space's latency range lies inside "
                        + "the timing noise at batch size %d: the narrowest network measured %.4g ms and the widest "
                        + "%.4g ms (a range of %.1f%%), while one timing of the same network varies by about %.1f%% "
                        + "(%d configurations timed twice); the bar needs a range above %.1f times the noise. No "
                        + "latency budget can be told apart on this device at this batch size: use a larger batch "
                        + "size, a quieter device, or a MACs budget", batchSize, repeats.narrowestMs(),
                        repeats.widestMs(), rangePercent, repeats.noisePercent(), repeats.pairs(), bar.noiseRatio()),
                        repeats);
            }
        }
        List<String> misses = new ArrayList<>();
        double nrmse = fit.validation().nrmsePercent();
        double within10 = fit.validation().within10PercentShare();
        int held = fit.validation().sampleCount() + fit.validationOutliers();
        double outlierShare = held == 0 ? 0 : (double) fit.validationOutliers() / held;
        if (!(nrmse <= bar.maxNrmsePercent())) {
            misses.add(String.format(Locale.ROOT, "held-out NRMSE %.1f%% is above the bar of %.1f%%", nrmse,
                    bar.maxNrmsePercent()));
        }
        if (!(within10 >= bar.minWithin10Share())) {
            misses.add(String.format(Locale.ROOT, "%.0f%% of held-out configurations are predicted within ±10%%, "
                    + "below the bar of %.0f%%", 100 * within10, 100 * bar.minWithin10Share()));
        }
        if (outlierShare > bar.maxOutlierShare()) {
            misses.add(String.format(Locale.ROOT, "%d of %d held-out timings (%.0f%%) were outliers, above the bar "
                    + "of %.0f%%", fit.validationOutliers(), held, 100 * outlierShare, 100 * bar.maxOutlierShare()));
        }
        if (misses.isEmpty()) {
            return new Verdict(true, false, null, repeats);
        }
        StringBuilder reason = new StringBuilder("the latency table misses the quality bar: ")
                .append(String.join("; ", misses))
                .append(String.format(Locale.ROOT, " (%d fit and %d held-out measurements, %d fit outliers set aside)",
                        fit.trainingCount() + fit.trainingOutliers(), held, fit.trainingOutliers()));
        if (repeats.ceilingWithin10() != null) {
            reason.append(String.format(Locale.ROOT, "; the same networks timed twice agree within ±10%% %.0f%% of "
                    + "the time (repeat NRMSE %.1f%%, %d pairs)", 100 * repeats.ceilingWithin10(),
                    repeats.ceilingNrmsePercent(), repeats.ceilingPairs()));
            if (repeats.ceilingWithin10() < bar.minWithin10Share()) {
                reason.append(": the device's timings are too noisy for this bar");
            }
        }
        return new Verdict(false, false, reason.toString(), repeats);
    }

    private static Double medianOf(List<Double> values) {
        return values == null || values.isEmpty() ? null : median(values);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
