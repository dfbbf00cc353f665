package dev.slimfit.core.cost;

import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;

/**
 * Exact multiply-adds and parameter counts of a whole configured network: the chain of layers plus the classifier
 * after global pooling, counted as {@link LayerCost} documents. Both are monotone in every width, so the minimum
 * over a space is the cost of {@link SearchSpace#smallest()} and the maximum that of {@link SearchSpace#largest()}.
 */
public final class NetworkCost {

    private NetworkCost() {
    }

    /**
     * @throws dev.slimfit.core.space.InvalidConfigurationException if {@code widths} is not a configuration of the space
     */
    public static long macs(SearchSpace space, int[] widths) {
        ConfigurationValidator.validate(space, widths);
        long total = 0;
        int inputWidth = space.inputChannels();
        for (int i = 0; i < widths.length; i++) {
            total += LayerCost.macs(space.layer(i), inputWidth, widths[i]);
            inputWidth = widths[i];
        }
        return total + LayerCost.classifierMacs(inputWidth, space.classCount());
    }

    /**
     * @throws dev.slimfit.core.space.InvalidConfigurationException if {@code widths} is not a configuration of the space
     */
    public static long params(SearchSpace space, int[] widths) {
        ConfigurationValidator.validate(space, widths);
        long total = 0;
        int inputWidth = space.inputChannels();
        for (int i = 0; i < widths.length; i++) {
            total += LayerCost.params(space.layer(i), inputWidth, widths[i]);
            inputWidth = widths[i];
        }
        return total + LayerCost.classifierParams(inputWidth, space.classCount());
    }
}
