package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/** Convolution, shared batch-norm, ReLU: a CONV layer, or one half of a depthwise-separable block. */
final class SlimConvBnRelu extends SlimStage {

    private final SlimConv2d conv;
    private final SlimBatchNorm batchNorm;
    private final int maxOutputWidth;

    SlimConvBnRelu(SlimConv2d conv, int maxOutputWidth) {
        this.conv = addChildBlock("conv", conv);
        this.batchNorm = addChildBlock("batchNorm", new SlimBatchNorm(maxOutputWidth));
        this.maxOutputWidth = maxOutputWidth;
    }

    @Override
    int maxOutputWidth() {
        return maxOutputWidth;
    }

    @Override
    NDArray forward(ParameterStore parameterStore, NDArray input, int outputWidth, boolean training) {
        NDArray convolved = conv.forward(parameterStore, input, outputWidth, training);
        return Activation.relu(batchNorm.forward(parameterStore, convolved, training));
    }
}
