package dev.slimfit.core.contract;

import java.util.List;

/**
 * What an ENAS4D search returns beside the generic result: the early-exit network it chose, the exit thresholds
 * inference code applies, and how the exits shared the work on the validation and test splits. Exits are numbered
 * from 0 like stages; exit {@code k} is the head after stage {@code k}. Every list has one entry per exit.
 *
 * @param stages                per stage, the chosen depth, kernel and width
 * @param resolution            the input resolution the network runs at
 * @param thresholds            per exit, the least largest-softmax probability at which an image leaves there; above
 *                              1 closes the exit; the last exit always answers (its threshold is 0)
 * @param calibration           how the thresholds were chosen: {@code "direct"} (a search over the thresholds
 *                              themselves for the best validation accuracy within the budget) or {@code "msdnet"}
 *                              (MSDNet's geometric exit shares)
 * @param validationExitShares  share of the validation images leaving at each exit under the thresholds
 * @param testExitShares        share of the test images leaving at each exit
 * @param exitAccuracies        per exit, the test accuracy of answering every image there (the exit alone)
 * @param cumulativeMacs        per exit, the MACs of an image that leaves there (stem, stages and heads up to it)
 * @param budgetAverageMacs     the average-MAC budget of the job
 * @param validationAverageMacs average MACs per image on the validation split, what the calibration met
 * @param testAverageMacs       average MACs per image measured on the test split
 * @param worstCaseMacs         MACs of an image that leaves at the last exit
 * @param validationAccuracy    accuracy with early exits on the validation split
 * @param testAccuracy          accuracy with early exits on the test split
 */
public record EarlyExitReport(List<Stage> stages, int resolution, List<Double> thresholds, String calibration,
                              List<Double> validationExitShares, List<Double> testExitShares,
                              List<Double> exitAccuracies, List<Long> cumulativeMacs, double budgetAverageMacs,
                              double validationAverageMacs, double testAverageMacs, long worstCaseMacs,
                              double validationAccuracy, double testAccuracy) {

    public EarlyExitReport {
        stages = List.copyOf(stages);
        thresholds = List.copyOf(thresholds);
        validationExitShares = List.copyOf(validationExitShares);
        testExitShares = List.copyOf(testExitShares);
        exitAccuracies = List.copyOf(exitAccuracies);
        cumulativeMacs = List.copyOf(cumulativeMacs);
        int exits = stages.size();
        if (thresholds.size() != exits || validationExitShares.size() != exits || testExitShares.size() != exits
                || exitAccuracies.size() != exits || cumulativeMacs.size() != exits) {
            throw new IllegalArgumentException("an early-exit report needs one threshold, share, accuracy and MAC"
                    + " count per exit (" + exits + " stages)");
        }
    }

    /**
     * One stage of the chosen network.
     *
     * @param depth  blocks in the stage
     * @param kernel depthwise kernel size
     * @param width  output channels
     */
    public record Stage(int depth, int kernel, int width) {
    }
}
