package dev.slimfit.worker.search.train;

/**
 * Losses of one sandwich step, in nats per image.
 *
 * @param largest               hard-label cross-entropy of the largest configuration
 * @param smallest              distillation loss of the smallest configuration
 * @param sampledDistillation   distillation loss of each sampled configuration
 * @param sampledCrossEntropy   hard-label cross-entropy of each sampled configuration (unary evidence)
 */
public record SandwichLosses(double largest, double smallest, double[] sampledDistillation,
                             double[] sampledCrossEntropy) {

    /** Mean distillation loss of the sampled configurations (NaN when none were sampled). */
    public double meanSampledDistillation() {
        double sum = 0;
        for (double value : sampledDistillation) {
            sum += value;
        }
        return sampledDistillation.length == 0 ? Double.NaN : sum / sampledDistillation.length;
    }
}
