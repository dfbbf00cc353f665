package dev.slimfit.worker.method.ows;

import dev.slimfit.core.contract.LatencyCorrection;

/**
 * What the supernet phase of a search found, carried through the fine-tuning checkpoints so the result can be
 * reported after a restart without the supernet.
 *
 * @param widths             the decoded configuration
 * @param validationAccuracy supernet accuracy proxy: the decoded network with the supernet's weights (batch-norm
 *                           statistics re-estimated, no training) on the validation split
 * @param lossLargest        mean hard-label loss of the largest configuration over the last epoch
 * @param lossSmallest       mean distillation loss of the smallest configuration over the last epoch
 * @param lossSampled        mean distillation loss of the sampled configurations over the last epoch
 * @param seconds            wall seconds spent training the supernet (all attempts)
 * @param imagesPerSecond    supernet training throughput (images through the sandwich per second)
 * @param unaries            the unaries {@code widths} was decoded from, per layer and choice position (evaluated
 *                           on the trained supernet); null where the training-time evidence was decoded instead
 *                           (and in checkpoints written before unaries were evaluated)
 * @param latencyCorrection  the device measurements of the decode and its corrections (latency budgets), or null
 */
public record SupernetSummary(int[] widths, double validationAccuracy, double lossLargest, double lossSmallest,
                              double lossSampled, double seconds, double imagesPerSecond, double[][] unaries,
                              LatencyCorrection latencyCorrection) {

    public SupernetSummary(int[] widths, double validationAccuracy, double lossLargest, double lossSmallest,
                           double lossSampled, double seconds, double imagesPerSecond, double[][] unaries) {
        this(widths, validationAccuracy, lossLargest, lossSmallest, lossSampled, seconds, imagesPerSecond, unaries,
                null);
    }

    public SupernetSummary withValidationAccuracy(double accuracy) {
        return new SupernetSummary(widths, accuracy, lossLargest, lossSmallest, lossSampled, seconds, imagesPerSecond,
                unaries, latencyCorrection);
    }
}
