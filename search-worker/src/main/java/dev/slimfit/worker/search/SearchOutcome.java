package dev.slimfit.worker.search;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.slimfit.core.contract.DnalReport;
import dev.slimfit.core.contract.EarlyExitReport;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.LatencyCorrection;

/**
 * A finished search: the decoded network and how good it is, the unaries and Pareto front for later re-decodes,
 * and the files to hand to the API as artifacts.
 *
 * @param widths          decoded width per layer
 * @param macs            exact multiply-adds of the decoded network
 * @param params          exact parameters of the decoded network
 * @param predictedCost   the decoded network's cost in the budget's unit (ms for a latency budget)
 * @param testAccuracy    accuracy of the fine-tuned plain network on the held-out test split
 * @param backend         "cpu" or "cuda"
 * @param unaries         per layer, per width choice (NaN = never sampled)
 * @param paretoFront     decodes over a sweep of budgets
 * @param metrics         named figures: supernet accuracy of the decode, final losses, images per second, seconds
 * @param artifacts       artifact name (e.g. "architecture.json", "weights.params") to file
 * @param dnal            DNAL's gate report; null for other methods
 * @param enas4d          ENAS4D's early-exit report; null for other methods
 * @param latencyCorrection the device measurements of the decode and its corrections (latency budgets), or null
 */
public record SearchOutcome(int[] widths, long macs, long params, double predictedCost, double testAccuracy,
                            String backend, double[][] unaries, List<JobResult.FrontPoint> paretoFront,
                            Map<String, Double> metrics, Map<String, Path> artifacts, DnalReport dnal,
                            EarlyExitReport enas4d, LatencyCorrection latencyCorrection) {

    /** An outcome without a correction report. */
    public SearchOutcome(int[] widths, long macs, long params, double predictedCost, double testAccuracy,
                         String backend, double[][] unaries, List<JobResult.FrontPoint> paretoFront,
                         Map<String, Double> metrics, Map<String, Path> artifacts, DnalReport dnal,
                         EarlyExitReport enas4d) {
        this(widths, macs, params, predictedCost, testAccuracy, backend, unaries, paretoFront, metrics, artifacts,
                dnal, enas4d, null);
    }

    /** The same outcome with the measured-budget report. */
    public SearchOutcome withLatencyCorrection(LatencyCorrection correction) {
        return new SearchOutcome(widths, macs, params, predictedCost, testAccuracy, backend, unaries, paretoFront,
                metrics, artifacts, dnal, enas4d, correction);
    }

    /** An outcome with at most DNAL's report. */
    public SearchOutcome(int[] widths, long macs, long params, double predictedCost, double testAccuracy,
                         String backend, double[][] unaries, List<JobResult.FrontPoint> paretoFront,
                         Map<String, Double> metrics, Map<String, Path> artifacts, DnalReport dnal) {
        this(widths, macs, params, predictedCost, testAccuracy, backend, unaries, paretoFront, metrics, artifacts,
                dnal, null);
    }

    /** An outcome without a method-specific report. */
    public SearchOutcome(int[] widths, long macs, long params, double predictedCost, double testAccuracy,
                         String backend, double[][] unaries, List<JobResult.FrontPoint> paretoFront,
                         Map<String, Double> metrics, Map<String, Path> artifacts) {
        this(widths, macs, params, predictedCost, testAccuracy, backend, unaries, paretoFront, metrics, artifacts,
                null, null);
    }
}
