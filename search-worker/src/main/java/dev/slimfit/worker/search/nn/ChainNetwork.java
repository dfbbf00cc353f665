package dev.slimfit.worker.search.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * The training-time forward of a chain network, run over the parameters of either a {@code SlimmableNetwork}
 * (allocated at the widest choices: a configuration runs leading-channel views) or a plain network from
 * {@code NetworkBuilder} (allocated at its own widths: nothing is sliced). It computes the same function as those
 * blocks' DJL forwards (convolution without bias, shared batch-norm, ReLU; global average pooling; linear
 * classifier) with one libtorch call per operator ({@link TorchOps}), which is what keeps a DJL step close to
 * PyTorch eager on small networks.
 * <p>
 * Both blocks list their parameters in the same order (per layer: convolution weight then batch-norm gamma, beta,
 * running mean, running variance, twice for a depthwise-separable layer; linear weight then bias; the classifier
 * last), which {@code SlimmableNetwork#toPlain} relies on too; {@link #of} checks types and shapes so a change there
 * fails loudly. Build it after the block's parameters are final (loading parameters replaces their arrays).
 */
public final class ChainNetwork {

    /** libtorch's running-statistics weight for a new batch; DJL's BatchNorm momentum 0.9 in its convention. */
    private static final double BATCH_NORM_MOMENTUM = 0.1;
    private static final double BATCH_NORM_EPSILON = 1e-5;
    private static final long[] ZERO_1 = {0};
    private static final long[] ONE_1 = {1};
    private static final long[] ZERO_2 = {0, 0};
    private static final long[] ONE_2 = {1, 1};

    private final SearchSpace space;
    private final List<ChainLayer> layers;
    private final NDArray classifierWeight;
    private final NDArray classifierBias;
    private final List<TrainableArray> trainable;

    private ChainNetwork(SearchSpace space, List<ChainLayer> layers, NDArray classifierWeight,
                         NDArray classifierBias, List<TrainableArray> trainable) {
        this.space = space;
        this.layers = layers;
        this.classifierWeight = classifierWeight;
        this.classifierBias = classifierBias;
        this.trainable = List.copyOf(trainable);
    }

    /**
     * Reads {@code block}'s initialised parameters in order.
     *
     * @throws IllegalStateException if the block's parameters do not follow the chain layout of {@code space}
     */
    public static ChainNetwork of(SearchSpace space, Block block) {
        ParameterCursor cursor = new ParameterCursor(block.getParameters().values());
        List<ChainLayer> layers = new ArrayList<>();
        for (int i = 0; i < space.layerCount(); i++) {
            LayerSpec layer = space.layer(i);
            layers.add(switch (layer.kind()) {
                case CONV -> ChainLayer.conv(layer, cursor.convolution(), cursor.batchNorm());
                case DEPTHWISE_SEPARABLE -> ChainLayer.separable(layer, cursor.convolution(), cursor.batchNorm(),
                        cursor.convolution(), cursor.batchNorm());
                case LINEAR -> ChainLayer.linear(cursor.weight(2), cursor.bias());
            });
        }
        NDArray classifierWeight = cursor.weight(2);
        NDArray classifierBias = cursor.bias();
        cursor.requireEnd();
        return new ChainNetwork(space, layers, classifierWeight, classifierBias, cursor.trainable);
    }

    public SearchSpace space() {
        return space;
    }

    /** Arrays the optimiser updates, with whether weight decay applies (weights yes; BN affine and biases no). */
    public List<TrainableArray> trainable() {
        return trainable;
    }

    /**
     * Logits {@code (N, classCount)} of configuration {@code widths}, attached to {@code manager}; {@code input} is
     * left open. Every intermediate handle (activations and parameter views) is closed as soon as the next operator
     * has consumed it: autograd keeps what backward needs, so once Java lets go, backward frees each activation right
     * after using it, as PyTorch's reference counting does. Holding the handles to the end of the step instead
     * doubled the step's peak memory, and glibc then returned and re-faulted those pages every step (measured on
     * fmnist-small: 5,000 page faults per step and about a third of the backward time).
     *
     * @param training batch statistics (and running-statistic updates) rather than running statistics
     */
    public NDArray forward(NDManager manager, NDArray input, int[] widths, boolean training) {
        return forward(manager, input, widths, training, null);
    }

    /**
     * As {@link #forward(NDManager, NDArray, int[], boolean)}, with each layer's output channels multiplied by a
     * gate after batch-norm (after the linear map for a hidden linear layer) and before the activation, as DNAL's
     * channel gates sit. For a depthwise-separable layer the gate scales the pointwise half's output: that is the
     * layer's width. Its depthwise half works on the previous layer's channels, and their gates scale its output
     * too: otherwise a closed channel would come back as the depthwise batch-norm's shift, and a gate at 0 would not
     * be the same as removing the channel, which is what the prune does.
     *
     * @param gates per layer, the gate value of each of its output channels (at least the configuration's width
     *              of them, leading channels used), or null for a layer (or the whole array) without gates; the
     *              caller owns them
     */
    public NDArray forward(NDManager manager, NDArray input, int[] widths, boolean training, NDArray[] gates) {
        ConfigurationValidator.validate(space, widths);
        if (gates != null && gates.length != layers.size()) {
            throw new IllegalArgumentException("expected " + layers.size() + " gate arrays, got " + gates.length);
        }
        NDArray x = TorchOps.slice(input, ZERO_1, new long[] {input.getShape().get(0)}, ONE_1, manager);
        int inputWidth = space.inputChannels();
        boolean pooled = false;
        for (int i = 0; i < layers.size(); i++) {
            ChainLayer layer = layers.get(i);
            int width = widths[i];
            if (layer.kind == LayerKind.LINEAR) {
                if (!pooled) {
                    x = replace(x, TorchOps.spatialMean(x));
                    pooled = true;
                }
                NDArray weight = leading(layer.weight, width, inputWidth, manager);
                NDArray bias = leading(layer.bias, width, manager);
                NDArray linear = TorchOps.linear(x, weight, bias);
                releaseView(weight, layer.weight);
                releaseView(bias, layer.bias);
                x = replace(x, linear);
                x = gate(manager, x, gateOf(gates, i), width, 2);
                x = replace(x, TorchOps.relu(x));
            } else if (layer.kind == LayerKind.CONV) {
                x = convBnRelu(manager, x, layer.weight, layer.norm, width, inputWidth, layer.stride, layer.padding,
                        1, training, gateOf(gates, i));
            } else {
                x = convBnRelu(manager, x, layer.weight, layer.norm, inputWidth, 1, layer.stride, layer.padding,
                        inputWidth, training, i == 0 ? null : gateOf(gates, i - 1));
                x = convBnRelu(manager, x, layer.pointwiseWeight, layer.pointwiseNorm, width, inputWidth,
                        ChainLayer.UNIT_STRIDE, ChainLayer.NO_PADDING, 1, training, gateOf(gates, i));
            }
            inputWidth = width;
        }
        if (!pooled) {
            x = replace(x, TorchOps.spatialMean(x));
        }
        NDArray weight = leading(classifierWeight, space.classCount(), inputWidth, manager);
        NDArray logits = TorchOps.linear(x, weight, classifierBias);
        releaseView(weight, classifierWeight);
        x.close();
        return logits;
    }

    private static NDArray gateOf(NDArray[] gates, int layer) {
        return gates == null ? null : gates[layer];
    }

    /**
     * Multiplies each of the {@code width} channels (axis 1) of {@code x} by its gate; consumes {@code x}. A null
     * gate leaves {@code x} as it is.
     *
     * @param rank {@code x}'s rank: 4 for NCHW, 2 for (N, C)
     */
    private static NDArray gate(NDManager manager, NDArray x, NDArray gate, int width, int rank) {
        if (gate == null) {
            return x;
        }
        NDArray used = leading(gate, width, manager);
        NDArray shaped = rank == 4 ? TorchOps.reshape(used, 1, width, 1, 1) : TorchOps.reshape(used, 1, width);
        NDArray gated = TorchOps.mul(x, shaped);
        shaped.close();
        releaseView(used, gate);
        x.close();
        return gated;
    }

    /** The classifier's weight and bias, as the optimiser sees them. */
    public List<TrainableArray> classifier() {
        return List.of(new TrainableArray(classifierWeight, true), new TrainableArray(classifierBias, false));
    }

    /**
     * Whether backward computes gradients for the layers' weights (convolutions, batch-norm affine, hidden linear
     * layers); the classifier is not affected. Frozen layers cost no gradient work, which is what DNAL's gates
     * phase wants: only the gates and the classifier learn there.
     */
    public void setLayersTrainable(boolean trainable) {
        List<NDArray> classifierArrays = List.of(classifierWeight, classifierBias);
        for (TrainableArray array : this.trainable) {
            if (classifierArrays.stream().noneMatch(c -> c == array.array())) {
                array.array().setRequiresGradient(trainable);
            }
        }
    }

    /**
     * Reorders the output channels of layer {@code layer} in place, at the arrays' full width: new channel
     * {@code k} is old channel {@code order[k]}. The layer's own output arrays and whatever consumes them (the next
     * layer's input side, or the classifier's columns) are permuted together, so the network computes the same
     * function; a narrower configuration then keeps the channels ordered first. Build no view across the call.
     *
     * @param order a permutation of the layer's full channel count
     */
    public void permuteOutputs(int layer, int[] order) {
        ChainLayer own = layers.get(layer);
        requirePermutation(order, own.kind == LayerKind.DEPTHWISE_SEPARABLE ? own.pointwiseWeight : own.weight);
        switch (own.kind) {
            case CONV -> {
                permuteAxis(own.weight, 0, order);
                permuteNorm(own.norm, order);
            }
            case DEPTHWISE_SEPARABLE -> {
                permuteAxis(own.pointwiseWeight, 0, order);
                permuteNorm(own.pointwiseNorm, order);
            }
            case LINEAR -> {
                permuteAxis(own.weight, 0, order);
                permuteAxis(own.bias, 0, order);
            }
        }
        if (layer + 1 == layers.size()) {
            permuteAxis(classifierWeight, 1, order);
            return;
        }
        ChainLayer next = layers.get(layer + 1);
        switch (next.kind) {
            case CONV, LINEAR -> permuteAxis(next.weight, 1, order);
            case DEPTHWISE_SEPARABLE -> {
                permuteAxis(next.weight, 0, order);
                permuteNorm(next.norm, order);
                permuteAxis(next.pointwiseWeight, 1, order);
            }
        }
    }

    private static void requirePermutation(int[] order, NDArray outputs) {
        long channels = outputs.getShape().get(0);
        boolean[] seen = new boolean[order.length];
        boolean valid = order.length == channels;
        for (int k = 0; valid && k < order.length; k++) {
            valid = order[k] >= 0 && order[k] < order.length && !seen[order[k]];
            if (valid) {
                seen[order[k]] = true;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("not a permutation of the layer's " + channels + " channels");
        }
    }

    private static void permuteNorm(BatchNormArrays norm, int[] order) {
        permuteAxis(norm.gamma(), 0, order);
        permuteAxis(norm.beta(), 0, order);
        permuteAxis(norm.runningMean(), 0, order);
        permuteAxis(norm.runningVar(), 0, order);
    }

    /** Permutes {@code array} along {@code axis} through a host copy (written back in place). */
    private static void permuteAxis(NDArray array, int axis, int[] order) {
        Shape shape = array.getShape();
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape.get(d);
        }
        int count = (int) shape.get(axis);
        long inner = 1;
        for (int d = axis + 1; d < shape.dimension(); d++) {
            inner *= shape.get(d);
        }
        float[] values = array.toFloatArray();
        float[] permuted = new float[values.length];
        for (long o = 0; o < outer; o++) {
            for (int k = 0; k < count; k++) {
                System.arraycopy(values, (int) ((o * count + order[k]) * inner), permuted,
                        (int) ((o * count + k) * inner), (int) inner);
            }
        }
        array.set(permuted);
    }

    /** Convolution, batch-norm, optional channel gate, ReLU; consumes (closes) {@code x} and every intermediate. */
    private static NDArray convBnRelu(NDManager manager, NDArray x, NDArray weight, BatchNormArrays norm,
                                      int outputs, int inputs, Shape stride, Shape padding, int groups,
                                      boolean training, NDArray gate) {
        NDArray sliced = groups == 1 ? leading(weight, outputs, inputs, manager) : leading(weight, outputs, manager);
        NDArray convolved = TorchOps.conv2d(x, sliced, stride, padding, groups);
        releaseView(sliced, weight);
        x.close();
        NDArray gamma = leading(norm.gamma(), outputs, manager);
        NDArray beta = leading(norm.beta(), outputs, manager);
        NDArray mean = leading(norm.runningMean(), outputs, manager);
        NDArray variance = leading(norm.runningVar(), outputs, manager);
        NDArray normalised = TorchOps.batchNorm(convolved, gamma, beta, mean, variance, training,
                BATCH_NORM_MOMENTUM, BATCH_NORM_EPSILON);
        releaseView(gamma, norm.gamma());
        releaseView(beta, norm.beta());
        releaseView(mean, norm.runningMean());
        releaseView(variance, norm.runningVar());
        convolved.close();
        normalised = gate(manager, normalised, gate, outputs, 4);
        NDArray activated = TorchOps.relu(normalised);
        normalised.close();
        return activated;
    }

    /** Closes {@code previous} and returns {@code next}: the running activation moves on. */
    private static NDArray replace(NDArray previous, NDArray next) {
        previous.close();
        return next;
    }

    /** Closes a parameter view once used; never the parameter itself. */
    private static void releaseView(NDArray view, NDArray parameter) {
        if (view != parameter) {
            view.close();
        }
    }

    /** The first {@code rows} entries along axis 0; the array itself when nothing is cut (no extra operator). */
    private static NDArray leading(NDArray full, long rows, NDManager manager) {
        if (rows == full.getShape().get(0)) {
            return full;
        }
        return TorchOps.slice(full, ZERO_1, new long[] {rows}, ONE_1, manager);
    }

    private static NDArray leading(NDArray full, long rows, long columns, NDManager manager) {
        Shape shape = full.getShape();
        if (rows == shape.get(0) && columns == shape.get(1)) {
            return full;
        }
        return TorchOps.slice(full, ZERO_2, new long[] {rows, columns}, ONE_2, manager);
    }

    /** One trainable array and whether weight decay applies to it. */
    public record TrainableArray(NDArray array, boolean decayed) {
    }

    record BatchNormArrays(NDArray gamma, NDArray beta, NDArray runningMean, NDArray runningVar) {
    }

    /** Walks the parameter list in order, checking each parameter's type and rank. */
    private static final class ParameterCursor {

        private final List<Parameter> parameters;
        private final List<TrainableArray> trainable = new ArrayList<>();
        private int next;

        ParameterCursor(List<Parameter> parameters) {
            this.parameters = parameters;
        }

        NDArray convolution() {
            return weight(4);
        }

        NDArray weight(int rank) {
            NDArray array = take(Parameter.Type.WEIGHT, rank);
            trainable.add(new TrainableArray(array, true));
            return array;
        }

        NDArray bias() {
            NDArray array = take(Parameter.Type.BIAS, 1);
            trainable.add(new TrainableArray(array, false));
            return array;
        }

        BatchNormArrays batchNorm() {
            NDArray gamma = take(Parameter.Type.GAMMA, 1);
            NDArray beta = take(Parameter.Type.BETA, 1);
            trainable.add(new TrainableArray(gamma, false));
            trainable.add(new TrainableArray(beta, false));
            return new BatchNormArrays(gamma, beta, take(Parameter.Type.RUNNING_MEAN, 1),
                    take(Parameter.Type.RUNNING_VAR, 1));
        }

        private NDArray take(Parameter.Type type, int rank) {
            if (next >= parameters.size()) {
                throw new IllegalStateException("network has " + parameters.size() + " parameters; expected a "
                        + type + " next");
            }
            Parameter parameter = parameters.get(next++);
            if (parameter.getType() != type || !parameter.isInitialized()
                    || parameter.getArray().getShape().dimension() != rank) {
                throw new IllegalStateException("parameter " + (next - 1) + " (" + parameter.getName() + ", "
                        + parameter.getType() + ") is not the initialised rank-" + rank + " " + type
                        + " the chain layout expects there");
            }
            return parameter.getArray();
        }

        void requireEnd() {
            if (next != parameters.size()) {
                throw new IllegalStateException("network has " + (parameters.size() - next)
                        + " parameters beyond the chain layout");
            }
        }
    }
}
