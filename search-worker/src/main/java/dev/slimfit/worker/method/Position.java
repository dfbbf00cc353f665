package dev.slimfit.worker.method;

/**
 * Where training stands; what a checkpoint records and a resumed run starts from.
 *
 * @param completedEpochs epochs finished over the whole job (1-based numbering: the next epoch is this + 1)
 * @param stepInEpoch     steps already taken in the next epoch (non-zero only after a shutdown mid-epoch)
 * @param globalStep      steps taken over the whole job
 * @param phaseStep       steps taken in the current phase
 * @param phaseSeconds    wall seconds spent in the current phase's steps, over all attempts
 * @param phaseImages     images trained on in the current phase, over all attempts
 */
public record Position(int completedEpochs, int stepInEpoch, long globalStep, long phaseStep, double phaseSeconds,
                       long phaseImages) {

    /** The start of a phase beginning after {@code completedEpochs} epochs. */
    public static Position phaseStart(int completedEpochs, long globalStep) {
        return new Position(completedEpochs, 0, globalStep, 0, 0, 0);
    }

    /** Training throughput of the phase so far (0 before any step). */
    public double imagesPerSecond() {
        return phaseSeconds > 0 ? phaseImages / phaseSeconds : 0;
    }
}
