package dev.slimfit.worker.search.staged;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StageSpec;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StemSpec;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.nn.TorchOps;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A weight-shared early-exit network over a {@link StagedSpace}, once-for-all style: its parameters are allocated
 * at every stage's largest depth, kernel and width, and a configuration runs views of them. A shallower stage runs
 * the first blocks, a smaller depthwise kernel is the centre of the largest, a narrower layer uses the first
 * channels, and an exit head reads the first columns of its classifier. The same class is the plain network of one
 * configuration: built over {@link #singleton} of that configuration its arrays have exactly the configuration's
 * sizes and nothing is sliced; {@link #extract} copies such a network out of a supernet.
 * <p>
 * The forward is hand-written over libtorch operators ({@link TorchOps}, one JNI call each), like
 * {@code ChainNetwork}, and closes every intermediate handle as soon as the next operator has consumed it. Parameters
 * are plain arrays owned by the manager given at construction, in a fixed order ({@link #arrays()}), which is also
 * the checkpoint order.
 */
public final class StagedNetwork {

    /** libtorch's running-statistics weight for a new batch (DJL's BatchNorm momentum 0.9). */
    public static final double BATCH_NORM_MOMENTUM = 0.1;
    private static final double BATCH_NORM_EPSILON = 1e-5;
    private static final long[] ZERO_1 = {0};
    private static final long[] ONE_1 = {1};
    private static final long[] ONE_4 = {1, 1, 1, 1};
    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final StagedSpace space;
    private final Conv stem;
    private final List<List<Block>> stages;
    private final List<Head> heads;
    private final List<TrainableArray> trainable = new ArrayList<>();
    private final List<NDArray> arrays = new ArrayList<>();

    private StagedNetwork(StagedSpace space, NDManager manager, Random random) {
        this.space = space;
        StemSpec stemSpec = space.stem();
        int width = space.inputChannels();
        if (stemSpec != null) {
            stem = conv(manager, random, stemSpec.width(), width, stemSpec.kernel(), false);
            width = stemSpec.width();
        } else {
            stem = null;
        }
        stages = new ArrayList<>();
        heads = new ArrayList<>();
        for (StageSpec stage : space.stages()) {
            int maxDepth = last(stage.depthChoices());
            int maxKernel = last(stage.kernelChoices());
            int maxWidth = last(stage.widthChoices());
            List<Block> blocks = new ArrayList<>();
            for (int b = 0; b < maxDepth; b++) {
                Conv depthwise = conv(manager, random, width, 1, maxKernel, true);
                Conv pointwise = conv(manager, random, maxWidth, width, 1, false);
                blocks.add(new Block(depthwise, pointwise));
                width = maxWidth;
            }
            stages.add(blocks);
            NDArray weight = parameter(manager, random, new Shape(space.classCount(), maxWidth), maxWidth,
                    space.classCount(), true);
            NDArray bias = manager.zeros(new Shape(space.classCount()));
            trainable(bias, false);
            heads.add(new Head(weight, bias));
        }
    }

    /**
     * A freshly initialised network (weights drawn from {@code seed} as DJL initialises the chain networks' blocks,
     * see {@link #parameter}; batch-norm at identity, biases zero).
     */
    public static StagedNetwork create(StagedSpace space, NDManager manager, long seed) {
        StagedNetwork network = new StagedNetwork(space, manager, new Random(seed));
        network.attachGradients();
        return network;
    }

    /**
     * A network of {@code space} with the values of {@link #encode()}d bytes, owned by {@code manager}.
     *
     * @throws IllegalStateException if the bytes hold other arrays
     */
    public static StagedNetwork restore(StagedSpace space, byte[] encoded, NDManager manager) {
        StagedNetwork network = new StagedNetwork(space, manager, new Random(0));
        try (NDManager temporary = manager.newSubManager()) {
            NDList stored = NDList.decode(temporary, encoded);
            if (stored.size() != network.arrays.size()) {
                throw new IllegalStateException("stored network has " + stored.size() + " arrays, one of "
                        + space.name() + " " + network.arrays.size());
            }
            for (int i = 0; i < stored.size(); i++) {
                network.copyInto(i, stored.get(i));
            }
        }
        network.attachGradients();
        return network;
    }

    private void copyInto(int index, NDArray source) {
        NDArray target = arrays.get(index);
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalStateException("array " + index + " has shape " + source.getShape() + ", expected "
                    + target.getShape());
        }
        target.set(source.toFloatArray());
    }

    /** Parameters record gradients only once their values are final (in-place copies into them stay legal). */
    private void attachGradients() {
        for (TrainableArray array : trainable) {
            array.array().setRequiresGradient(true);
        }
    }

    /**
     * A space with exactly one configuration: {@code configuration}'s resolution and its stage choices. A network
     * over it is the plain network of that configuration.
     */
    public static StagedSpace singleton(StagedSpace space, StagedConfiguration configuration) {
        space.validate(configuration);
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < space.stageCount(); i++) {
            StageSpec stage = space.stage(i);
            StageChoice choice = configuration.stage(i);
            stages.add(new StageSpec(stage.stride(), List.of(choice.depth()), List.of(choice.kernel()),
                    List.of(choice.width()), stage.blockKind()));
        }
        return new StagedSpace(space.name(), space.description(), space.inputChannels(), space.classCount(),
                List.of(configuration.resolution()), space.stem(), stages);
    }

    /**
     * The plain network of {@code configuration}, with copies of this supernet's shared weights (the first blocks,
     * the kernel centres, the first channels, the first head columns) and batch-norm statistics, owned by
     * {@code manager}.
     */
    public StagedNetwork extract(StagedConfiguration configuration, NDManager manager) {
        StagedSpace plainSpace = singleton(space, configuration);
        StagedNetwork plain = new StagedNetwork(plainSpace, manager, new Random(0));
        try (NDManager views = manager.newSubManager()) {
            List<NDArray> source = sharedViews(configuration, views);
            if (source.size() != plain.arrays.size()) {
                throw new IllegalStateException("supernet views " + source.size() + " arrays, the plain network has "
                        + plain.arrays.size());
            }
            for (int i = 0; i < source.size(); i++) {
                plain.copyInto(i, source.get(i));
            }
        }
        plain.attachGradients();
        return plain;
    }

    /** Views of the arrays {@code configuration} uses, in the order of its plain network's {@link #arrays()}. */
    private List<NDArray> sharedViews(StagedConfiguration configuration, NDManager manager) {
        space.validate(configuration);
        List<NDArray> views = new ArrayList<>();
        int width = space.inputChannels();
        if (stem != null) {
            addConvViews(views, stem, space.stem().width(), width, space.stem().kernel(), false, manager);
            width = space.stem().width();
        }
        for (int i = 0; i < stages.size(); i++) {
            StageChoice choice = configuration.stage(i);
            for (int b = 0; b < choice.depth(); b++) {
                Block block = stages.get(i).get(b);
                addConvViews(views, block.depthwise, width, 1, choice.kernel(), true, manager);
                addConvViews(views, block.pointwise, choice.width(), width, 1, false, manager);
                width = choice.width();
            }
            Head head = heads.get(i);
            views.add(values(weightView(head.weight, space.classCount(), choice.width(), manager)));
            views.add(values(head.bias));
        }
        return views;
    }

    private static void addConvViews(List<NDArray> views, Conv conv, int outputs, int inputs, int kernel,
                                     boolean depthwise, NDManager manager) {
        views.add(values(kernelView(conv.weight, outputs, depthwise ? 1 : inputs, kernel, manager)));
        views.add(values(leading(conv.gamma, outputs, manager)));
        views.add(values(leading(conv.beta, outputs, manager)));
        views.add(values(leading(conv.mean, outputs, manager)));
        views.add(values(leading(conv.variance, outputs, manager)));
    }

    /** The values only (a detached alias), so reading them never touches autograd. */
    private static NDArray values(NDArray view) {
        return TorchOps.detach(view);
    }

    public StagedSpace space() {
        return space;
    }

    /** Arrays the optimiser updates, with whether weight decay applies (conv and head weights yes). */
    public List<TrainableArray> trainable() {
        return List.copyOf(trainable);
    }

    /** Every array (weights, batch-norm affine and running statistics, biases), in checkpoint order. */
    public List<NDArray> arrays() {
        return List.copyOf(arrays);
    }

    /** All arrays as bytes, for a checkpoint section or an artifact. */
    public byte[] encode() {
        return new NDList(arrays.toArray(NDArray[]::new)).encode();
    }

    /**
     * Logits of exits {@code 0..exits-1} of {@code configuration}, each {@code (N, classes)} and attached to
     * {@code manager}; only the stages those exits need run. {@code input} is left open.
     *
     * @param training batch statistics (updating the running ones with weight {@code batchNormMomentum}) rather
     *                 than running statistics
     */
    public NDArray[] forward(NDManager manager, NDArray input, StagedConfiguration configuration, int exits,
                             boolean training, double batchNormMomentum) {
        space.validate(configuration);
        if (exits < 1 || exits > space.stageCount()) {
            throw new IllegalArgumentException("exits must be in 1.." + space.stageCount() + ", got " + exits);
        }
        NDArray[] logits = new NDArray[exits];
        NDArray x = stem(manager, input, training, batchNormMomentum);
        for (int i = 0; i < exits; i++) {
            x = stage(manager, i, x, configuration, training, batchNormMomentum);
            logits[i] = head(manager, i, x, configuration);
        }
        x.close();
        return logits;
    }

    /** Every exit's logits, with the default batch-norm momentum. */
    public NDArray[] forward(NDManager manager, NDArray input, StagedConfiguration configuration, boolean training) {
        return forward(manager, input, configuration, space.stageCount(), training, BATCH_NORM_MOMENTUM);
    }

    /** The stem's output for {@code input} (left open), or a view of the input without a stem. */
    public NDArray stem(NDManager manager, NDArray input, boolean training, double batchNormMomentum) {
        NDArray x = TorchOps.slice(input, ZERO_1, new long[] {input.getShape().get(0)}, ONE_1, manager);
        if (stem == null) {
            return x;
        }
        StemSpec spec = space.stem();
        return convBnRelu(manager, x, stem, spec.width(), space.inputChannels(), spec.kernel(), spec.stride(), 1,
                training, batchNormMomentum);
    }

    /** Stage {@code index}'s blocks under {@code configuration}; consumes (closes) {@code x}. */
    public NDArray stage(NDManager manager, int index, NDArray x, StagedConfiguration configuration,
                         boolean training, double batchNormMomentum) {
        StageChoice choice = configuration.stage(index);
        int width = space.stageInputWidth(configuration, index);
        for (int b = 0; b < choice.depth(); b++) {
            Block block = stages.get(index).get(b);
            int stride = b == 0 ? space.stage(index).stride() : 1;
            x = convBnRelu(manager, x, block.depthwise, width, 1, choice.kernel(), stride, width, training,
                    batchNormMomentum);
            x = convBnRelu(manager, x, block.pointwise, choice.width(), width, 1, 1, 1, training,
                    batchNormMomentum);
            width = choice.width();
        }
        return x;
    }

    /** Exit head {@code index} (global average pooling, linear classifier) on a stage output left open. */
    public NDArray head(NDManager manager, int index, NDArray x, StagedConfiguration configuration) {
        Head head = heads.get(index);
        NDArray pooled = TorchOps.spatialMean(x);
        NDArray weight = weightView(head.weight, space.classCount(), configuration.stage(index).width(), manager);
        NDArray logits = TorchOps.linear(pooled, weight, head.bias);
        release(weight, head.weight);
        pooled.close();
        return logits;
    }

    private NDArray convBnRelu(NDManager manager, NDArray x, Conv conv, int outputs, int inputs, int kernel,
                               int stride, int groups, boolean training, double momentum) {
        NDArray weight = kernelView(conv.weight, outputs, inputs, kernel, manager);
        int padding = kernel / 2;
        NDArray convolved = TorchOps.conv2d(x, weight, new Shape(stride, stride),
                padding == 0 ? NO_PADDING : new Shape(padding, padding), groups);
        release(weight, conv.weight);
        x.close();
        NDArray gamma = leading(conv.gamma, outputs, manager);
        NDArray beta = leading(conv.beta, outputs, manager);
        NDArray mean = leading(conv.mean, outputs, manager);
        NDArray variance = leading(conv.variance, outputs, manager);
        NDArray normalised = TorchOps.batchNorm(convolved, gamma, beta, mean, variance, training, momentum,
                BATCH_NORM_EPSILON);
        release(gamma, conv.gamma);
        release(beta, conv.beta);
        release(mean, conv.mean);
        release(variance, conv.variance);
        convolved.close();
        NDArray activated = TorchOps.relu(normalised);
        normalised.close();
        return activated;
    }

    /** The first {@code outputs x inputs} filters, each cut to its centre {@code kernel x kernel}. */
    private static NDArray kernelView(NDArray full, int outputs, int inputs, int kernel, NDManager manager) {
        Shape shape = full.getShape();
        long offset = (shape.get(2) - kernel) / 2;
        if (outputs == shape.get(0) && inputs == shape.get(1) && offset == 0) {
            return full;
        }
        return TorchOps.slice(full, new long[] {0, 0, offset, offset},
                new long[] {outputs, inputs, offset + kernel, offset + kernel}, ONE_4, manager);
    }

    private static NDArray weightView(NDArray full, int rows, int columns, NDManager manager) {
        Shape shape = full.getShape();
        if (rows == shape.get(0) && columns == shape.get(1)) {
            return full;
        }
        return TorchOps.slice(full, new long[] {0, 0}, new long[] {rows, columns}, new long[] {1, 1}, manager);
    }

    private static NDArray leading(NDArray full, long rows, NDManager manager) {
        if (rows == full.getShape().get(0)) {
            return full;
        }
        return TorchOps.slice(full, ZERO_1, new long[] {rows}, ONE_1, manager);
    }

    private static void release(NDArray view, NDArray parameter) {
        if (view != parameter) {
            view.close();
        }
    }

    private Conv conv(NDManager manager, Random random, int outputs, int inputs, int kernel, boolean depthwise) {
        int fanIn = (depthwise ? 1 : inputs) * kernel * kernel;
        NDArray weight = parameter(manager, random, new Shape(outputs, depthwise ? 1 : inputs, kernel, kernel),
                fanIn, outputs * kernel * kernel, true);
        NDArray gamma = manager.ones(new Shape(outputs));
        NDArray beta = manager.zeros(new Shape(outputs));
        trainable(gamma, false);
        trainable(beta, false);
        NDArray mean = manager.zeros(new Shape(outputs));
        NDArray variance = manager.ones(new Shape(outputs));
        arrays.add(mean);
        arrays.add(variance);
        return new Conv(weight, gamma, beta, mean, variance);
    }

    /**
     * A weight drawn as DJL's default {@code XavierInitializer} (uniform, average of fan-in and fan-out, magnitude
     * 6) draws the weights of {@code SlimConv2d}, {@code NetworkBuilder}'s blocks and the chain classifier:
     * {@code U(-a, a)} with {@code a = sqrt(6 / ((fanIn + fanOut) / 2))}. He-normal ({@code sqrt(2 / fanIn)}) made
     * the depthwise filters about five times larger than the chain's; behind batch-norm the effective learning rate
     * falls with the square of a filter's norm, and the staged network trained far slower than a chain network at
     * the same rate (fmnist-stages' largest configuration, every exit trained, 2 epochs on 4,000 images: 62% test
     * accuracy at the shared rate 0.2 against 76% at 0.8).
     */
    private NDArray parameter(NDManager manager, Random random, Shape shape, int fanIn, int fanOut,
                              boolean decayed) {
        float[] values = new float[Math.toIntExact(shape.size())];
        double bound = Math.sqrt(6.0 / ((fanIn + fanOut) / 2.0));
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        NDArray array = manager.create(values, shape);
        trainable(array, decayed);
        return array;
    }

    private void trainable(NDArray array, boolean decayed) {
        trainable.add(new TrainableArray(array, decayed));
        arrays.add(array);
    }

    private static int last(List<Integer> values) {
        return values.get(values.size() - 1);
    }

    /** A convolution without bias and its batch-norm; arrays in checkpoint order: weight, gamma, beta, mean, var. */
    private record Conv(NDArray weight, NDArray gamma, NDArray beta, NDArray mean, NDArray variance) {
    }

    /** A depthwise-separable block: depthwise k x k, then pointwise 1 x 1. */
    private record Block(Conv depthwise, Conv pointwise) {
    }

    private record Head(NDArray weight, NDArray bias) {
    }
}
