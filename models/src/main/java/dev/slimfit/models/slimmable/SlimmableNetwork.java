package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.models.network.SupportedSpaces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weight-sharing supernet of a search space (docs/methods/aows.md): every layer is allocated at its widest
 * choice and a configuration runs the first {@code c_i} channels of layer {@code i}, through slices of the shared
 * weights. Batch-norm is shared across widths. Computes, for any configuration, exactly what
 * {@link NetworkBuilder#build} computes when loaded with {@link #toPlain}'s weights.
 * <p>
 * Two ways to choose the configuration: {@link #forward(ParameterStore, NDArray, int[], boolean)} directly, or
 * through DJL's generic forward (what a {@code Trainer} calls) with the widths under {@link #WIDTHS_PARAM} in the
 * params list, falling back to the {@linkplain #setActiveWidths active widths}. The latter is mutable state, so one
 * network must not be trained from two threads.
 */
public final class SlimmableNetwork extends AbstractBlock {

    /** Key of an {@code int[]} configuration in the params list of DJL's forward. */
    public static final String WIDTHS_PARAM = "widths";

    private final SearchSpace space;
    private final List<SlimStage> stages = new ArrayList<>();
    private final SlimLinear classifier;
    private int[] activeWidths;

    /**
     * @throws IllegalArgumentException if the space cannot be built (see {@link SupportedSpaces#requireBuildable})
     */
    public SlimmableNetwork(SearchSpace space) {
        SupportedSpaces.requireBuildable(space);
        this.space = space;
        int maxInputWidth = space.inputChannels();
        for (int i = 0; i < space.layerCount(); i++) {
            LayerSpec layer = space.layer(i);
            stages.add(addChildBlock("layer" + i, stage(layer, maxInputWidth)));
            maxInputWidth = layer.maxWidth();
        }
        classifier = addChildBlock("classifier", new SlimLinear(maxInputWidth, space.classCount()));
        activeWidths = space.largest();
    }

    private static SlimStage stage(LayerSpec layer, int maxInputWidth) {
        return switch (layer.kind()) {
            case CONV -> new SlimConvBnRelu(
                    SlimConv2d.full(maxInputWidth, layer.maxWidth(), layer.kernel(), layer.stride()), layer.maxWidth());
            case DEPTHWISE_SEPARABLE ->
                    new SlimDepthwiseSeparable(maxInputWidth, layer.maxWidth(), layer.kernel(), layer.stride());
            case LINEAR -> new SlimHiddenLinear(maxInputWidth, layer.maxWidth());
        };
    }

    public SearchSpace space() {
        return space;
    }

    /** Allocates and initialises every shared parameter (Xavier weights, unit BN scale, zero shifts and means). */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
    }

    /**
     * Logits {@code (N, classCount)} of configuration {@code widths} on {@code input} (NCHW).
     *
     * @param training true to use batch statistics (and update the shared running statistics), false for inference
     * @throws dev.slimfit.core.space.InvalidConfigurationException if {@code widths} is not a configuration of the space
     */
    public NDArray forward(ParameterStore parameterStore, NDArray input, int[] widths, boolean training) {
        ConfigurationValidator.validate(space, widths);
        if (!isInitialized()) {
            throw new IllegalStateException("initialise the slimmable network before its first forward");
        }
        NDArray x = input;
        boolean pooled = false;
        for (int i = 0; i < widths.length; i++) {
            if (space.layer(i).kind() == LayerKind.LINEAR && !pooled) {
                x = Pool.globalAvgPool2d(x);
                pooled = true;
            }
            x = stages.get(i).forward(parameterStore, x, widths[i], training);
        }
        if (!pooled) {
            x = Pool.globalAvgPool2d(x);
        }
        return classifier.forward(parameterStore, x, space.classCount(), training);
    }

    /** The configuration DJL's generic forward uses when its params carry none; initially the largest. */
    public void setActiveWidths(int[] widths) {
        ConfigurationValidator.validate(space, widths);
        activeWidths = widths.clone();
    }

    public int[] activeWidths() {
        return activeWidths.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        int[] widths = activeWidths;
        if (params != null && params.contains(WIDTHS_PARAM)) {
            widths = (int[]) params.get(WIDTHS_PARAM);
        }
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), widths, training));
    }

    /**
     * A plain network of configuration {@code widths} holding copies of this supernet's slices: the start point for
     * fine-tuning a decoded configuration, and the reference that tests compare the sliced forward against.
     * Relies on both networks listing parameters in the same order (layer by layer: convolution weight, then
     * batch-norm gamma, beta, running mean, running variance; linear weight, then bias).
     */
    public SequentialBlock toPlain(int[] widths, NDManager manager) {
        SequentialBlock plain = NetworkBuilder.build(space, widths);
        plain.initialize(manager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
        PlainWeights.copyLeadingSlices(this, plain);
        return plain;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        boolean pooled = false;
        for (int i = 0; i < stages.size(); i++) {
            if (space.layer(i).kind() == LayerKind.LINEAR && !pooled) {
                shape = new Shape(shape.get(0), shape.get(1));
                pooled = true;
            }
            stages.get(i).initialize(manager, dataType, shape);
            shape = stages.get(i).getOutputShapes(new Shape[] {shape})[0];
        }
        if (!pooled) {
            shape = new Shape(shape.get(0), shape.get(1));
        }
        classifier.initialize(manager, dataType, shape);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), space.classCount())};
    }

    @Override
    public String toString() {
        return "SlimmableNetwork(" + space.name() + ", active " + Arrays.toString(activeWidths) + ")";
    }
}
