package dev.slimfit.models.training;

import java.util.List;

/**
 * Softmax cross-entropy of every step, in order.
 *
 * @param lossPerStep mean loss over each step's batch
 */
public record TrainingRun(List<Float> lossPerStep) {

    public TrainingRun {
        lossPerStep = List.copyOf(lossPerStep);
    }

    /** Mean loss of the first {@code steps} steps. */
    public double meanOfFirst(int steps) {
        return lossPerStep.subList(0, Math.min(steps, lossPerStep.size())).stream()
                .mapToDouble(Float::doubleValue).average().orElseThrow();
    }

    /** Mean loss of the last {@code steps} steps. */
    public double meanOfLast(int steps) {
        return lossPerStep.subList(Math.max(0, lossPerStep.size() - steps), lossPerStep.size()).stream()
                .mapToDouble(Float::doubleValue).average().orElseThrow();
    }
}
