package dev.slimfit.core.cost;

import dev.slimfit.core.space.LayerSpec;

/**
 * Multiply-adds and parameters of one layer given its input and output widths. The counting convention (the one
 * the MobileNets paper's 569M / 4.2M figures use):
 * <ul>
 *   <li>MACs: multiply-adds of convolutions and fully connected layers only; batch-norm, ReLU, pooling and bias
 *       additions are not counted.</li>
 *   <li>Parameters: convolution weights (no conv bias: batch-norm follows and is folded into the conv at inference,
 *       so batch-norm parameters are not counted) plus fully connected weights and biases.</li>
 *   <li>Counted this way MobileNet-V1 1.0-224 has 568,740,352 MACs and 4,210,088 parameters; adding batch-norm
 *       scale and shift (2 per channel, 21,888) gives the 4,231,976 trainable parameters Keras reports.</li>
 * </ul>
 * Every cost here depends on the layer's input width and output width only, which is why whole-network costs are
 * exactly pairwise along the chain.
 */
public final class LayerCost {

    private LayerCost() {
    }

    public static long macs(LayerSpec layer, int inputWidth, int outputWidth) {
        long outputPixels = (long) layer.outputResolution() * layer.outputResolution();
        long kernelArea = (long) layer.kernel() * layer.kernel();
        return switch (layer.kind()) {
            case CONV -> kernelArea * inputWidth * outputWidth * outputPixels;
            case DEPTHWISE_SEPARABLE -> kernelArea * inputWidth * outputPixels
                    + (long) inputWidth * outputWidth * outputPixels;
            case LINEAR -> (long) inputWidth * outputWidth;
        };
    }

    public static long params(LayerSpec layer, int inputWidth, int outputWidth) {
        long kernelArea = (long) layer.kernel() * layer.kernel();
        return switch (layer.kind()) {
            case CONV -> kernelArea * inputWidth * outputWidth;
            case DEPTHWISE_SEPARABLE -> kernelArea * inputWidth + (long) inputWidth * outputWidth;
            case LINEAR -> (long) inputWidth * outputWidth + outputWidth;
        };
    }

    /** The classifier after global pooling: a fully connected layer from the last width to the classes. */
    public static long classifierMacs(int lastWidth, int classCount) {
        return (long) lastWidth * classCount;
    }

    /** Classifier weights plus one bias per class. */
    public static long classifierParams(int lastWidth, int classCount) {
        return (long) lastWidth * classCount + classCount;
    }
}
