package dev.slimfit.worker.search.train;

/**
 * Cosine annealing from a base rate to zero over a phase's steps: no tuning knob beyond the base rate, and the
 * last steps of a short job still refine rather than jump.
 *
 * @param baseRate   rate at the first step
 * @param totalSteps steps of the phase
 */
public record LearningRate(double baseRate, long totalSteps) {

    public LearningRate {
        if (!(baseRate > 0) || totalSteps <= 0) {
            throw new IllegalArgumentException("need a positive base rate and step count, got " + baseRate + ", "
                    + totalSteps);
        }
    }

    /** Rate for step {@code step} (0-based) of the phase. */
    public float at(long step) {
        double progress = Math.min(1.0, (double) step / totalSteps);
        return (float) (baseRate * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
