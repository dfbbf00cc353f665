package dev.slimfit.core.space.staged;

/**
 * The fixed (not searched) first layer of a staged network: a full {@code kernel x kernel} convolution from the
 * input channels to {@code width} channels, then batch-norm and ReLU. Fixed because its cost is small and every exit
 * depends on it, so searching it would only couple all exits' accuracies.
 *
 * @param kernel odd kernel size, 3 in the built-in spaces
 * @param stride stride, applied with "same" padding
 * @param width  output channels
 */
public record StemSpec(int kernel, int stride, int width) {

    public StemSpec {
        if (kernel <= 0 || kernel % 2 == 0) {
            throw new IllegalArgumentException("stem kernel must be odd and positive, got " + kernel);
        }
        if (stride <= 0 || width <= 0) {
            throw new IllegalArgumentException("stem stride and width must be positive, got stride " + stride
                    + " and width " + width);
        }
    }

    /** Spatial size of the stem's output for an input of {@code inputResolution}: ceil(input / stride). */
    public int outputResolution(int inputResolution) {
        return Choices.outputResolution(inputResolution, stride);
    }
}
