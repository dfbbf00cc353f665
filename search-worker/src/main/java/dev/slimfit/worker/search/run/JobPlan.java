package dev.slimfit.worker.search.run;

/**
 * How much work a job is, for progress and ETA: search epochs of sandwich steps, then plain epochs of single
 * passes (fine-tuning, or all of the uniform baseline's training). A sandwich step does {@code searchStepUnits}
 * forward/backward passes against one for a plain step, which is what the ETA weighs steps by.
 *
 * @param searchEpochs    supernet epochs (0 for the uniform baseline)
 * @param plainEpochs     plain-network epochs
 * @param stepsPerEpoch   training steps per epoch
 * @param searchStepUnits cost of a sandwich step relative to a plain step (2 + sampled configurations)
 */
public record JobPlan(int searchEpochs, int plainEpochs, int stepsPerEpoch, double searchStepUnits) {

    public long totalSteps() {
        return (long) (searchEpochs + plainEpochs) * stepsPerEpoch;
    }

    public long searchSteps() {
        return (long) searchEpochs * stepsPerEpoch;
    }

    /** Work units left after {@code globalStep} steps. */
    public double remainingUnits(long globalStep) {
        long searchLeft = Math.max(0, searchSteps() - globalStep);
        long plainLeft = Math.max(0, totalSteps() - Math.max(globalStep, searchSteps()));
        return searchLeft * searchStepUnits + plainLeft;
    }

    /** Work units of the step that follows {@code globalStep} steps. */
    public double unitsOfStep(long globalStep) {
        return globalStep < searchSteps() ? searchStepUnits : 1;
    }
}
