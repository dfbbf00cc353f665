package dev.slimfit.models.network;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.slimfit.core.space.SearchSpace;

/**
 * Parameters of an initialised DJL network, split the way search-core's {@code NetworkCost} needs them.
 * <p>
 * Convention (why the split): {@code NetworkCost.params} counts convolution and fully connected weights and biases
 * only, because batch-norm is folded into the preceding convolution at inference. DJL stores four arrays per
 * batch-norm channel (gamma and beta, trainable; running mean and variance, not trainable). So for a plain network
 * built by {@link NetworkBuilder}:
 * <pre>
 *   weightsAndBiases      == NetworkCost.params(space, widths)               (exactly)
 *   batchNormAffine       == 2 * batchNormChannels(space, widths)
 *   batchNormRunningStats == 2 * batchNormChannels(space, widths)
 * </pre>
 *
 * @param weightsAndBiases      convolution and linear weights and biases ({@link Parameter.Type#WEIGHT}, {@code BIAS})
 * @param batchNormAffine       batch-norm gamma and beta
 * @param batchNormRunningStats batch-norm running mean and variance
 */
public record ParameterCounts(long weightsAndBiases, long batchNormAffine, long batchNormRunningStats) {

    /** Counts every parameter of an initialised block by its DJL type. */
    public static ParameterCounts of(Block block) {
        long weights = 0;
        long affine = 0;
        long running = 0;
        for (Parameter parameter : block.getParameters().values()) {
            long size = parameter.getArray().size();
            switch (parameter.getType()) {
                case WEIGHT, BIAS -> weights += size;
                case GAMMA, BETA -> affine += size;
                case RUNNING_MEAN, RUNNING_VAR -> running += size;
                case OTHER -> throw new IllegalArgumentException("parameter " + parameter.getName()
                        + " has no counting rule (type OTHER)");
            }
        }
        return new ParameterCounts(weights, affine, running);
    }

    /**
     * Channels that carry a batch-norm in the plain network: a CONV layer's output width, a depthwise-separable
     * layer's input width (depthwise BN) plus its output width (pointwise BN); LINEAR layers have none.
     */
    public static long batchNormChannels(SearchSpace space, int[] widths) {
        long channels = 0;
        int inputWidth = space.inputChannels();
        for (int i = 0; i < widths.length; i++) {
            channels += switch (space.layer(i).kind()) {
                case CONV -> widths[i];
                case DEPTHWISE_SEPARABLE -> inputWidth + widths[i];
                case LINEAR -> 0;
            };
            inputWidth = widths[i];
        }
        return channels;
    }

    /** What an optimiser updates: weights, biases, gamma and beta. */
    public long trainable() {
        return weightsAndBiases + batchNormAffine;
    }

    /** Everything DJL stores. */
    public long total() {
        return weightsAndBiases + batchNormAffine + batchNormRunningStats;
    }
}
