package dev.slimfit.core.contract;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a running search. The job-wide figures (epoch, step, ETA) cover every phase; the phase figures say
 * where the current phase stands, so a user can tell the search from fine-tuning.
 *
 * @param epoch              current epoch over the whole job (1-based)
 * @param step               steps taken over the whole job
 * @param totalSteps         steps the whole job will take
 * @param losses             named loss values (means since the previous snapshot, or of the epoch at its end)
 * @param imagesPerSecond    recent training throughput
 * @param etaSeconds         estimated seconds until the whole job is done (-1 while unknown)
 * @param currentWidths      the configuration the search would return now
 * @param predictedCost      that configuration's cost in the budget's unit
 * @param phase              the method's phase this snapshot belongs to (e.g. "supernet", "fine-tune")
 * @param phaseStep          steps taken in that phase
 * @param phaseSteps         steps that phase takes
 * @param phaseEtaSeconds    estimated seconds until that phase is done (-1 while unknown)
 */
public record JobProgress(int epoch, long step, long totalSteps, Map<String, Double> losses, double imagesPerSecond,
                          double etaSeconds, List<Integer> currentWidths, Double predictedCost, String phase,
                          long phaseStep, long phaseSteps, double phaseEtaSeconds) {
}
