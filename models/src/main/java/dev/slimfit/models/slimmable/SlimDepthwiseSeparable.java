package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * k x k depthwise (at the input width, with the layer's stride) then 1 x 1 pointwise to the chosen width, each with
 * batch-norm and ReLU; the depthwise half is allocated at the previous layer's widest choice.
 */
final class SlimDepthwiseSeparable extends SlimStage {

    private final SlimConvBnRelu depthwise;
    private final SlimConvBnRelu pointwise;
    private final int maxOutputWidth;

    SlimDepthwiseSeparable(int maxInputWidth, int maxOutputWidth, int kernel, int stride) {
        this.depthwise = addChildBlock("depthwise",
                new SlimConvBnRelu(SlimConv2d.depthwise(maxInputWidth, kernel, stride), maxInputWidth));
        this.pointwise = addChildBlock("pointwise",
                new SlimConvBnRelu(SlimConv2d.full(maxInputWidth, maxOutputWidth, 1, 1), maxOutputWidth));
        this.maxOutputWidth = maxOutputWidth;
    }

    @Override
    int maxOutputWidth() {
        return maxOutputWidth;
    }

    @Override
    NDArray forward(ParameterStore parameterStore, NDArray input, int outputWidth, boolean training) {
        int inputWidth = Math.toIntExact(input.getShape().get(1));
        NDArray spatial = depthwise.forward(parameterStore, input, inputWidth, training);
        return pointwise.forward(parameterStore, spatial, outputWidth, training);
    }
}
