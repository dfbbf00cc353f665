package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.slimfit.models.network.SupportedSpaces;

/**
 * A bias-free 2-D convolution allocated at its widest and run at any narrower width by slicing its weight to the first
 * {@code outputChannels} filters and first input channels (a view, so gradients land in the shared weight).
 * A depthwise convolution has one filter per input channel, so its output width always equals its input width.
 */
public final class SlimConv2d extends AbstractBlock {

    private final int maxInputChannels;
    private final int maxOutputChannels;
    private final int kernel;
    private final int stride;
    private final boolean depthwise;
    private final Parameter weight;

    /** A full convolution from up to {@code maxInputChannels} to up to {@code maxOutputChannels}. */
    public static SlimConv2d full(int maxInputChannels, int maxOutputChannels, int kernel, int stride) {
        return new SlimConv2d(maxInputChannels, maxOutputChannels, kernel, stride, false);
    }

    /** A depthwise convolution over up to {@code maxChannels} channels. */
    public static SlimConv2d depthwise(int maxChannels, int kernel, int stride) {
        return new SlimConv2d(maxChannels, maxChannels, kernel, stride, true);
    }

    private SlimConv2d(int maxInputChannels, int maxOutputChannels, int kernel, int stride, boolean depthwise) {
        SupportedSpaces.samePadding(kernel);
        this.maxInputChannels = maxInputChannels;
        this.maxOutputChannels = maxOutputChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.depthwise = depthwise;
        Shape shape = new Shape(maxOutputChannels, depthwise ? 1 : maxInputChannels, kernel, kernel);
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(shape).build());
    }

    /**
     * Convolves {@code input} (its channel count is the current input width) to {@code outputChannels} channels.
     *
     * @throws IllegalArgumentException if a width exceeds the allocation, or a depthwise layer is asked to change width
     */
    public NDArray forward(ParameterStore parameterStore, NDArray input, int outputChannels, boolean training) {
        int inputChannels = Math.toIntExact(input.getShape().get(1));
        Widths.requireWithin("input channels", inputChannels, maxInputChannels);
        Widths.requireWithin("output channels", outputChannels, maxOutputChannels);
        if (depthwise && outputChannels != inputChannels) {
            throw new IllegalArgumentException("a depthwise convolution keeps its width: " + inputChannels
                    + " input channels cannot give " + outputChannels);
        }
        NDArray full = parameterStore.getValue(weight, input.getDevice(), training);
        NDArray sliced = depthwise
                ? Widths.firstRows(full, outputChannels)
                : Widths.firstRowsAndColumns(full, outputChannels, inputChannels);
        int padding = SupportedSpaces.samePadding(kernel);
        return Conv2d.conv2d(input, sliced, null, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), depthwise ? inputChannels : 1).singletonOrThrow();
    }

    /** At full width (depthwise: the input's width). */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        int outputChannels = depthwise ? Math.toIntExact(input.getShape().get(1)) : maxOutputChannels;
        return new NDList(forward(parameterStore, input, outputChannels, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape input = inputShapes[0];
        long outputChannels = depthwise ? input.get(1) : maxOutputChannels;
        long height = (input.get(2) + stride - 1) / stride;
        long width = (input.get(3) + stride - 1) / stride;
        return new Shape[] {new Shape(input.get(0), outputChannels, height, width)};
    }
}
