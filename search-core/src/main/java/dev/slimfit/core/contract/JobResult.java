package dev.slimfit.core.contract;

import java.util.List;
import java.util.Map;

/**
 * What a finished search found.
 *
 * @param widths             decoded width per layer
 * @param macs               multiply-adds of the decoded network
 * @param params             parameters of the decoded network
 * @param predictedLatencyMs latency from the device's table, when the budget is a latency
 * @param measuredLatencyMs  latency measured on the device, when an agent verified it
 * @param testAccuracy       accuracy of the fine-tuned network on the held-out test split
 * @param backend            where it ran, e.g. "cpu" or "cuda"
 * @param unaries            per layer, per width choice: the learned unary score (NaN where a width was never
 *                           sampled); what {@code POST /jobs/{id}/decode} re-decodes from
 * @param paretoFront        supernet accuracy proxy against cost over a sweep of budgets
 * @param metrics            further named figures (supernet accuracy, losses, timings)
 * @param artifacts          names of the downloadable artifacts (architecture JSON, weights)
 * @param dnal               DNAL's gates, regulariser weight and landing; null for other methods
 * @param enas4d             ENAS4D's early-exit network, thresholds and exit shares; null for other methods
 * @param overBudgetAsMeasured for a latency budget, once the device measured the network: true when the measured
 *                           latency exceeds the budget (whatever the prediction said), false when it fits; null
 *                           before a measurement and for other budgets
 * @param latencyCorrection  for a latency budget: the device measurements of the decoded network before its final
 *                           training and the corrected decodes (which round met the budget); null when the worker
 *                           made none (other budgets, methods without a decode step)
 */
public record JobResult(List<Integer> widths, long macs, long params, Double predictedLatencyMs,
                        Double measuredLatencyMs, Double testAccuracy, String backend, List<List<Double>> unaries,
                        List<FrontPoint> paretoFront, Map<String, Double> metrics, List<String> artifacts,
                        DnalReport dnal, EarlyExitReport enas4d, Boolean overBudgetAsMeasured,
                        LatencyCorrection latencyCorrection) {

    /** A result without a correction report. */
    public JobResult(List<Integer> widths, long macs, long params, Double predictedLatencyMs,
                     Double measuredLatencyMs, Double testAccuracy, String backend, List<List<Double>> unaries,
                     List<FrontPoint> paretoFront, Map<String, Double> metrics, List<String> artifacts,
                     DnalReport dnal, EarlyExitReport enas4d, Boolean overBudgetAsMeasured) {
        this(widths, macs, params, predictedLatencyMs, measuredLatencyMs, testAccuracy, backend, unaries,
                paretoFront, metrics, artifacts, dnal, enas4d, overBudgetAsMeasured, null);
    }

    /** A result not yet checked against a measured latency. */
    public JobResult(List<Integer> widths, long macs, long params, Double predictedLatencyMs,
                     Double measuredLatencyMs, Double testAccuracy, String backend, List<List<Double>> unaries,
                     List<FrontPoint> paretoFront, Map<String, Double> metrics, List<String> artifacts,
                     DnalReport dnal, EarlyExitReport enas4d) {
        this(widths, macs, params, predictedLatencyMs, measuredLatencyMs, testAccuracy, backend, unaries,
                paretoFront, metrics, artifacts, dnal, enas4d, null);
    }

    /** A result with at most DNAL's report (every method but ENAS4D). */
    public JobResult(List<Integer> widths, long macs, long params, Double predictedLatencyMs,
                     Double measuredLatencyMs, Double testAccuracy, String backend, List<List<Double>> unaries,
                     List<FrontPoint> paretoFront, Map<String, Double> metrics, List<String> artifacts,
                     DnalReport dnal) {
        this(widths, macs, params, predictedLatencyMs, measuredLatencyMs, testAccuracy, backend, unaries,
                paretoFront, metrics, artifacts, dnal, null);
    }

    /** A result without a method-specific report (every method but DNAL and ENAS4D). */
    public JobResult(List<Integer> widths, long macs, long params, Double predictedLatencyMs,
                     Double measuredLatencyMs, Double testAccuracy, String backend, List<List<Double>> unaries,
                     List<FrontPoint> paretoFront, Map<String, Double> metrics, List<String> artifacts) {
        this(widths, macs, params, predictedLatencyMs, measuredLatencyMs, testAccuracy, backend, unaries,
                paretoFront, metrics, artifacts, null, null);
    }

    /** The same result with the latency a device measured (the over-budget flag is kept). */
    public JobResult withMeasuredLatency(Double measured) {
        return withMeasuredLatency(measured, overBudgetAsMeasured);
    }

    /** The same result with the latency a device measured and whether that is over the job's budget. */
    public JobResult withMeasuredLatency(Double measured, Boolean overBudget) {
        return new JobResult(widths, macs, params, predictedLatencyMs, measured, testAccuracy, backend, unaries,
                paretoFront, metrics, artifacts, dnal, enas4d, overBudget, latencyCorrection);
    }

    /** The same result with the worker's measured-budget report. */
    public JobResult withLatencyCorrection(LatencyCorrection correction) {
        return new JobResult(widths, macs, params, predictedLatencyMs, measuredLatencyMs, testAccuracy, backend,
                unaries, paretoFront, metrics, artifacts, dnal, enas4d, overBudgetAsMeasured, correction);
    }

    /** One point of a Pareto front: the decode for {@code budget}, its cost and unary score. */
    public record FrontPoint(double budget, double cost, double score, List<Integer> widths) {
    }
}
