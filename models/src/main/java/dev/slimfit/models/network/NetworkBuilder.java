package dev.slimfit.models.network;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

/**
 * Builds the plain (non-slimmable) network of one configuration: what a profiler agent times and what a worker
 * fine-tunes after decoding. Input NCHW float32 ({@link NetworkInputs#shape}), output logits {@code (N, classCount)}.
 * <p>
 * Layer semantics follow {@link LayerKind} and search-core's cost model exactly, so that the parameters counted here
 * are the ones {@code NetworkCost} counts ({@link ParameterCounts}):
 * <ul>
 *   <li>CONV: k x k convolution without bias, batch-norm, ReLU.</li>
 *   <li>DEPTHWISE_SEPARABLE: k x k depthwise convolution (groups = input width) with the layer's stride, BN, ReLU,
 *       then 1 x 1 pointwise convolution, BN, ReLU. Convolutions carry no bias because BN follows.</li>
 *   <li>LINEAR: fully connected with bias, then ReLU; global average pooling is inserted before the first one.</li>
 *   <li>Global average pooling (unless a LINEAR layer already pooled), then a linear classifier with bias.</li>
 * </ul>
 * Padding is "same": {@code (k - 1) / 2} on each side, which gives {@code ceil(input / stride)} outputs for the odd
 * kernels the spaces use ({@link LayerSpec#outputResolution()}); even kernels are rejected rather than padded
 * asymmetrically.
 * <p>
 * The block's children are one {@link SequentialBlock} per searchable layer, then the head, so parameter order is
 * stable: slimmable networks rely on it to copy their sliced weights in ({@code SlimmableNetwork#toPlain}).
 */
public final class NetworkBuilder {

    private NetworkBuilder() {
    }

    /**
     * @throws dev.slimfit.core.space.InvalidConfigurationException if {@code widths} is not a configuration of the space
     * @throws IllegalArgumentException if the space uses an even kernel or a convolution after a LINEAR layer
     */
    public static SequentialBlock build(SearchSpace space, int[] widths) {
        ConfigurationValidator.validate(space, widths);
        SupportedSpaces.requireBuildable(space);
        SequentialBlock network = new SequentialBlock();
        boolean pooled = false;
        int inputWidth = space.inputChannels();
        for (int i = 0; i < widths.length; i++) {
            LayerSpec layer = space.layer(i);
            if (layer.kind() == LayerKind.LINEAR && !pooled) {
                network.add(Pool.globalAvgPool2dBlock());
                pooled = true;
            }
            network.add(layer(layer, inputWidth, widths[i]));
            inputWidth = widths[i];
        }
        if (!pooled) {
            network.add(Pool.globalAvgPool2dBlock());
        }
        network.add(Linear.builder().setUnits(space.classCount()).optBias(true).build());
        return network;
    }

    private static Block layer(LayerSpec layer, int inputWidth, int outputWidth) {
        SequentialBlock block = new SequentialBlock();
        switch (layer.kind()) {
            case CONV -> addConvBnRelu(block, layer.kernel(), layer.stride(), outputWidth, 1);
            case DEPTHWISE_SEPARABLE -> {
                addConvBnRelu(block, layer.kernel(), layer.stride(), inputWidth, inputWidth);
                addConvBnRelu(block, 1, 1, outputWidth, 1);
            }
            case LINEAR -> block.add(Linear.builder().setUnits(outputWidth).optBias(true).build())
                    .add(Activation.reluBlock());
        }
        return block;
    }

    private static void addConvBnRelu(SequentialBlock block, int kernel, int stride, int filters, int groups) {
        int padding = SupportedSpaces.samePadding(kernel);
        block.add(Conv2d.builder()
                        .setKernelShape(new Shape(kernel, kernel))
                        .optStride(new Shape(stride, stride))
                        .optPadding(new Shape(padding, padding))
                        .setFilters(filters)
                        .optGroups(groups)
                        .optBias(false)
                        .build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }
}
