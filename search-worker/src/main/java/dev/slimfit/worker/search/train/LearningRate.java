package dev.slimfit.worker.search.train;

/**
 * Cosine annealing from a base rate to zero over a phase's steps, after an optional linear warm-up: no tuning knob
 * beyond the base rate, and the last steps of a short job still refine rather than jump. The warm-up is for
 * fine-tuning: a trained network hit by the full rate at its first step can lose in a few steps what the search
 * built (seen with one-epoch fine-tunes of narrow networks).
 *
 * @param baseRate    rate after the warm-up
 * @param totalSteps  steps of the phase
 * @param warmupSteps steps over which the rate rises linearly to {@code baseRate} (0 for none)
 */
public record LearningRate(double baseRate, long totalSteps, long warmupSteps) {

    public LearningRate {
        if (!(baseRate > 0) || totalSteps <= 0 || warmupSteps < 0) {
            throw new IllegalArgumentException("need a positive base rate and step count, got " + baseRate + ", "
                    + totalSteps);
        }
    }

    /** Without warm-up. */
    public LearningRate(double baseRate, long totalSteps) {
        this(baseRate, totalSteps, 0);
    }

    /** Rate for step {@code step} (0-based) of the phase. */
    public float at(long step) {
        double progress = Math.min(1.0, (double) step / totalSteps);
        double warmup = warmupSteps > 0 ? Math.min(1.0, (step + 1.0) / warmupSteps) : 1.0;
        return (float) (baseRate * warmup * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
