package dev.slimfit.core.contract;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a running search.
 *
 * @param epoch              current epoch (1-based)
 * @param step               step within the whole run
 * @param totalSteps         steps the run will take
 * @param losses             named loss values of the latest step
 * @param imagesPerSecond    recent training throughput
 * @param etaSeconds         estimated seconds to completion
 * @param currentWidths      the configuration the search would decode now
 * @param predictedCost      that configuration's cost in the budget's unit
 */
public record JobProgress(int epoch, long step, long totalSteps, Map<String, Double> losses, double imagesPerSecond,
                          double etaSeconds, List<Integer> currentWidths, Double predictedCost) {
}
