package dev.slimfit.worker.method.enas4d;

/**
 * ENAS4D's own knobs, which the job API does not expose (yet): how large the evolutionary search is, how many
 * images recalibrate a candidate's batch-norm and score it, and how cautiously the budget is met.
 *
 * @param population          candidates per generation
 * @param generations         generations after the first population
 * @param parents             best candidates kept as parents each generation
 * @param mutationProbability chance that each field (resolution, each stage's depth, kernel, width) is redrawn
 * @param resampleTries       tries at a child that fits the budget before a fresh random one is drawn instead
 * @param calibrationImages   training images that recalibrate a candidate's batch-norm statistics
 * @param searchImages        validation images a candidate is scored and calibrated on during the search (the final
 *                            calibration uses the whole validation split)
 * @param budgetZ             standard errors of the validation average kept below the budget (see
 *                            {@code ThresholdCalibration}); 0 compares the mean alone
 */
public record Enas4dSettings(int population, int generations, int parents, double mutationProbability,
                             int resampleTries, int calibrationImages, int searchImages, double budgetZ) {

    public Enas4dSettings {
        if (population < 2 || generations < 0 || parents < 1 || parents > population || resampleTries < 1
                || calibrationImages < 2 || searchImages < 1 || !(budgetZ >= 0)
                || !(mutationProbability > 0 && mutationProbability <= 1)) {
            throw new IllegalArgumentException("invalid ENAS4D settings " + this);
        }
    }

    /**
     * 16 candidates, 6 generations (112 candidates scored), 4 parents, each field redrawn with probability 0.25,
     * batch-norm recalibrated on 1,000 images, candidates scored on up to 2,000 validation images, the budget met
     * by the mean plus 2 standard errors.
     */
    public static Enas4dSettings defaults() {
        return new Enas4dSettings(16, 6, 4, 0.25, 20, 1000, 2000, 2.0);
    }

    public Enas4dSettings withSearch(int population, int generations, int parents) {
        return new Enas4dSettings(population, generations, parents, mutationProbability, resampleTries,
                calibrationImages, searchImages, budgetZ);
    }
}
