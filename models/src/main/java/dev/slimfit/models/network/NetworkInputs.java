package dev.slimfit.models.network;

import ai.djl.ndarray.types.Shape;
import dev.slimfit.core.space.SearchSpace;

/** Input shapes of a space's networks: NCHW, float32, square images at the space's resolution. */
public final class NetworkInputs {

    private NetworkInputs() {
    }

    /** {@code (batchSize, inputChannels, inputResolution, inputResolution)}. */
    public static Shape shape(SearchSpace space, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        return new Shape(batchSize, space.inputChannels(), space.inputResolution(), space.inputResolution());
    }
}
