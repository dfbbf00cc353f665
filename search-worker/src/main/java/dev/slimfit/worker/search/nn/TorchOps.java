package dev.slimfit.worker.search.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The handful of libtorch operators the training loop runs, called through DJL's PyTorch JNI layer directly.
 * <p>
 * Why not DJL's generic {@code NDArray} API: on a small network the step time is dominated by per-operator
 * overhead, not arithmetic, and several generic paths add hidden operators: {@code BatchNorm.batchNorm} with axis 1
 * swaps axes twice inside a sub-manager, {@code NDArray.get(NDIndex)} parses its index and squeezes, scalar
 * arithmetic allocates a scalar array per call, and DJL's optimiser and gradient collector walk maps and zero every
 * managed array. Each method here is exactly one libtorch call (one JNI crossing, one result wrapper).
 * Slimfit runs DJL only with the PyTorch engine ({@code models} bundles libtorch), so the casts always hold.
 */
public final class TorchOps {

    private static final Shape UNIT = new Shape(1, 1);

    private TorchOps() {
    }

    static PtNDArray pt(NDArray array) {
        return (PtNDArray) array;
    }

    /**
     * A view of entries {@code [starts[d], ends[d])} (step {@code steps[d]}) along each of the first
     * {@code ends.length} axes, attached to {@code manager}. Gradients and in-place updates reach the sliced
     * array's storage.
     */
    public static NDArray slice(NDArray array, long[] starts, long[] ends, long[] steps, NDManager manager) {
        return JniUtils.index(pt(array), starts, ends, steps, (PtNDManager) manager);
    }

    /** 2-D convolution without bias, square stride and padding. */
    public static NDArray conv2d(NDArray input, NDArray weight, Shape stride, Shape padding, int groups) {
        return JniUtils.convolution(pt(input), pt(weight), null, stride, padding, UNIT, groups);
    }

    /**
     * Batch-norm over axis 1; in training mode the running statistics are updated in place with libtorch's
     * momentum convention (the new batch's weight, 0.1 = DJL's 0.9).
     */
    public static NDArray batchNorm(NDArray input, NDArray gamma, NDArray beta, NDArray runningMean,
                                    NDArray runningVar, boolean training, double torchMomentum, double epsilon) {
        // The JNI parameter names are misleading; this is the order DJL's own batchNorm passes (input, mean, var,
        // weight, bias), which is libtorch's batch_norm order.
        return JniUtils.batchNorm(pt(input), pt(runningMean), pt(runningVar), pt(gamma), pt(beta), training,
                torchMomentum, epsilon);
    }

    public static NDArray relu(NDArray input) {
        return JniUtils.relu(pt(input));
    }

    /** Global average pooling of NCHW to (N, C) in one reduction. */
    public static NDArray spatialMean(NDArray input) {
        try (PtNDArray flat = JniUtils.flatten(pt(input), 2, 3)) {
            return JniUtils.mean(flat, 2, false);
        }
    }

    public static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return JniUtils.linear(pt(input), pt(weight), bias == null ? null : pt(bias));
    }

    public static NDArray logSoftmax(NDArray logits) {
        return JniUtils.logSoftmax(pt(logits), 1, DataType.FLOAT32);
    }

    public static NDArray softmax(NDArray logits) {
        return JniUtils.softmax(pt(logits), 1, DataType.FLOAT32);
    }

    /** A copy-free alias cut from the autograd graph (a distillation teacher). */
    public static NDArray detach(NDArray array) {
        return JniUtils.detachGradient(pt(array));
    }

    /** The entries of {@code values} (N, K) at column {@code columns} (N, 1, int64) of each row: (N, 1). */
    public static NDArray gatherColumns(NDArray values, NDArray columns) {
        return JniUtils.gather(pt(values), pt(columns), 1);
    }

    public static NDArray mean(NDArray array) {
        return JniUtils.mean(pt(array));
    }

    /** Sums a (N, K) array over K: (N). */
    public static NDArray sumRows(NDArray array) {
        return JniUtils.sum(pt(array), new long[] {1}, false);
    }

    public static NDArray mul(NDArray left, NDArray right) {
        return JniUtils.mul(pt(left), pt(right));
    }

    public static NDArray add(NDArray left, NDArray right) {
        return JniUtils.add(pt(left), pt(right));
    }

    public static NDArray sigmoid(NDArray array) {
        return JniUtils.sigmoid(pt(array));
    }

    /** A view (or copy where the layout needs one) of {@code array} with {@code shape}. */
    public static NDArray reshape(NDArray array, long... shape) {
        return JniUtils.reshape(pt(array), shape);
    }

    /** The sum of every entry: a scalar. */
    public static NDArray sum(NDArray array) {
        return JniUtils.sum(pt(array));
    }

    public static NDArray neg(NDArray array) {
        return JniUtils.neg(pt(array));
    }

    /** Scalars stacked into one vector so that they reach the host in one copy. */
    public static NDArray stack(NDArray[] scalars) {
        PtNDArray[] arrays = new PtNDArray[scalars.length];
        for (int i = 0; i < scalars.length; i++) {
            arrays[i] = pt(scalars[i]);
        }
        return JniUtils.stack(arrays, 0);
    }

    /** Back-propagates a scalar with the given seed gradient (a reusable 1), freeing the graph. */
    public static void backward(NDArray scalarLoss, NDArray one) {
        JniUtils.backward(pt(scalarLoss), pt(one), false, false);
    }

    /** The gradient accumulated on a parameter, or null when no backward reached it; the caller closes it. */
    public static NDArray gradient(NDArray parameter) {
        return JniUtils.getGradient(pt(parameter));
    }

    /**
     * libtorch's fused-per-tensor SGD as DJL's native code implements it:
     * {@code state = momentum * state + lr * (grad + weightDecay * weight); weight -= state}.
     */
    public static void sgdUpdate(NDArray weight, NDArray gradient, NDArray momentumState, float learningRate,
                                 float weightDecay, float momentum) {
        JniUtils.sgdUpdate(pt(weight), pt(gradient), momentumState == null ? null : pt(momentumState), learningRate,
                weightDecay, 1f, -1f, momentum);
    }

    /** Zeroes a parameter's gradient in place (keeps the buffer, as libtorch's accumulation expects). */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad(pt(parameter));
    }

    public static boolean gradMode() {
        return JniUtils.isGradMode();
    }

    public static void setGradMode(boolean enabled) {
        JniUtils.setGradMode(enabled);
    }
}
