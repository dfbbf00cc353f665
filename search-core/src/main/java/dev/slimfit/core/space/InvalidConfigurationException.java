package dev.slimfit.core.space;

/**
 * A configuration does not belong to its search space. Unchecked: callers validate input at their edge (the API
 * maps this to a 400 naming {@link #layerIndex()} and {@link #value()}).
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    private final int layerIndex;
    private final int value;

    public InvalidConfigurationException(int layerIndex, int value, String message) {
        super(message);
        this.layerIndex = layerIndex;
        this.value = value;
    }

    /** Zero-based index of the offending layer, or -1 when the configuration has the wrong length. */
    public int layerIndex() {
        return layerIndex;
    }

    /** The offending width, or the configuration's length when {@link #layerIndex()} is -1. */
    public int value() {
        return value;
    }
}
