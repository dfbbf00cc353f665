package dev.slimfit.worker.search.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.models.network.SupportedSpaces;

/** The arrays and geometry of one layer of a {@link ChainNetwork}; fields unused by a kind are null. */
final class ChainLayer {

    static final Shape UNIT_STRIDE = new Shape(1, 1);
    static final Shape NO_PADDING = new Shape(0, 0);

    final LayerKind kind;
    /** CONV: the convolution; DEPTHWISE_SEPARABLE: the depthwise half; LINEAR: the weight. */
    final NDArray weight;
    final ChainNetwork.BatchNormArrays norm;
    final NDArray pointwiseWeight;
    final ChainNetwork.BatchNormArrays pointwiseNorm;
    final NDArray bias;
    final Shape stride;
    final Shape padding;

    private ChainLayer(LayerKind kind, NDArray weight, ChainNetwork.BatchNormArrays norm, NDArray pointwiseWeight,
                       ChainNetwork.BatchNormArrays pointwiseNorm, NDArray bias, int stride, int kernel) {
        this.kind = kind;
        this.weight = weight;
        this.norm = norm;
        this.pointwiseWeight = pointwiseWeight;
        this.pointwiseNorm = pointwiseNorm;
        this.bias = bias;
        this.stride = new Shape(stride, stride);
        int pad = SupportedSpaces.samePadding(kernel);
        this.padding = new Shape(pad, pad);
    }

    static ChainLayer conv(LayerSpec layer, NDArray weight, ChainNetwork.BatchNormArrays norm) {
        return new ChainLayer(LayerKind.CONV, weight, norm, null, null, null, layer.stride(), layer.kernel());
    }

    static ChainLayer separable(LayerSpec layer, NDArray depthwise, ChainNetwork.BatchNormArrays depthwiseNorm,
                                NDArray pointwise, ChainNetwork.BatchNormArrays pointwiseNorm) {
        return new ChainLayer(LayerKind.DEPTHWISE_SEPARABLE, depthwise, depthwiseNorm, pointwise, pointwiseNorm, null,
                layer.stride(), layer.kernel());
    }

    static ChainLayer linear(NDArray weight, NDArray bias) {
        return new ChainLayer(LayerKind.LINEAR, weight, null, null, null, bias, 1, 1);
    }
}
