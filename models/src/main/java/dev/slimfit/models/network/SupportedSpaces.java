package dev.slimfit.models.network;

import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.SearchSpace;

/**
 * What a space must satisfy to be built as a network, beyond search-core's well-formedness: search-core only counts
 * costs, so it accepts chains that have no sensible network (an even kernel, a convolution after pooling).
 */
public final class SupportedSpaces {

    private SupportedSpaces() {
    }

    /**
     * @throws IllegalArgumentException naming the first layer that cannot be built
     */
    public static void requireBuildable(SearchSpace space) {
        boolean pooled = false;
        for (int i = 0; i < space.layerCount(); i++) {
            LayerKind kind = space.layer(i).kind();
            if (kind == LayerKind.LINEAR) {
                pooled = true;
            } else if (pooled) {
                throw new IllegalArgumentException("layer index " + i + " of " + space.name() + " is a convolution"
                        + " after a LINEAR layer; the chain pools once, before its first LINEAR layer");
            } else {
                samePadding(space.layer(i).kernel());
            }
        }
    }

    /** Symmetric "same" padding {@code (k - 1) / 2}; only odd kernels have one. */
    public static int samePadding(int kernel) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel " + kernel + " is even: symmetric same padding needs an odd kernel");
        }
        return (kernel - 1) / 2;
    }
}
