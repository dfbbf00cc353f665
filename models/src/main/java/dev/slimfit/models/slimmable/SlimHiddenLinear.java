package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/** A LINEAR layer of the chain: fully connected with bias, then ReLU (no batch-norm, as in the plain network). */
final class SlimHiddenLinear extends SlimStage {

    private final SlimLinear linear;
    private final int maxOutputWidth;

    SlimHiddenLinear(int maxInputFeatures, int maxOutputWidth) {
        this.linear = addChildBlock("linear", new SlimLinear(maxInputFeatures, maxOutputWidth));
        this.maxOutputWidth = maxOutputWidth;
    }

    @Override
    int maxOutputWidth() {
        return maxOutputWidth;
    }

    @Override
    NDArray forward(ParameterStore parameterStore, NDArray input, int outputWidth, boolean training) {
        return Activation.relu(linear.forward(parameterStore, input, outputWidth, training));
    }
}
