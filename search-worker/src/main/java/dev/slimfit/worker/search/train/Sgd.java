package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.nn.TorchOps;

import java.util.List;

/**
 * SGD with momentum and decoupled-from-BN weight decay, applied per array by libtorch in one native call, then the
 * gradient zeroed in place. Replaces DJL's Trainer/ParameterStore/Optimizer path, which per step looks every
 * parameter up by name, copies gradients into NDLists and allocates scalar arrays.
 * <p>
 * Update (DJL's native SGD): {@code state = momentum * state + lr * (grad + decay * weight); weight -= state}. With
 * a changing learning rate this equals PyTorch's SGD up to where lr multiplies (inside rather than outside the
 * momentum buffer), the usual "lr inside momentum" variant.
 */
public final class Sgd {

    private final List<TrainableArray> parameters;
    private final NDArray[] momentum;
    private final float momentumFactor;
    private final float weightDecay;

    /**
     * @param stateManager owns the momentum buffers (one per parameter, zero-initialised); lives as long as training
     */
    public Sgd(List<TrainableArray> parameters, NDManager stateManager, float momentumFactor, float weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.momentumFactor = momentumFactor;
        this.weightDecay = weightDecay;
        momentum = new NDArray[parameters.size()];
        for (int i = 0; i < momentum.length; i++) {
            NDArray array = parameters.get(i).array();
            momentum[i] = stateManager.zeros(array.getShape(), array.getDataType(), array.getDevice());
        }
    }

    /** Applies one update with the accumulated gradients, then zeroes them for the next step. */
    public void step(float learningRate) {
        for (int i = 0; i < momentum.length; i++) {
            TrainableArray parameter = parameters.get(i);
            NDArray gradient = TorchOps.gradient(parameter.array());
            if (gradient == null) {
                continue;
            }
            try (gradient) {
                TorchOps.sgdUpdate(parameter.array(), gradient, momentum[i], learningRate,
                        parameter.decayed() ? weightDecay : 0f, momentumFactor);
                TorchOps.zeroGradient(parameter.array());
            }
        }
    }

    /**
     * As {@link #step}, with the gradients clipped to a global L2 norm of at most {@code maxNorm} (the step's rate
     * scaled by {@code maxNorm / norm} when the norm is above it). A step whose gradients are not finite is skipped
     * (gradients zeroed, weights and momentum untouched): one bad batch cannot poison the weights.
     *
     * @return the gradients' global norm before clipping (NaN or infinite for a skipped step)
     */
    public double stepClipped(float learningRate, double maxNorm) {
        double squared = 0;
        for (TrainableArray parameter : parameters) {
            NDArray gradient = TorchOps.gradient(parameter.array());
            if (gradient == null) {
                continue;
            }
            try (gradient; NDArray square = gradient.square(); NDArray sum = square.sum()) {
                squared += sum.getFloat();
            }
        }
        double norm = Math.sqrt(squared);
        if (!Double.isFinite(norm)) {
            for (TrainableArray parameter : parameters) {
                TorchOps.zeroGradient(parameter.array());
            }
            return norm;
        }
        step(norm > maxNorm ? (float) (learningRate * maxNorm / norm) : learningRate);
        return norm;
    }

    /** The momentum buffers in parameter order, for a checkpoint. */
    public byte[] encodeState() {
        return new NDList(momentum).encode();
    }

    /**
     * Replaces the momentum buffers with a checkpoint's.
     *
     * @throws IllegalStateException if the checkpoint's buffers do not match these parameters
     */
    public void restoreState(byte[] encoded, NDManager scratch) {
        NDList restored = NDList.decode(scratch, encoded);
        if (restored.size() != momentum.length) {
            throw new IllegalStateException("checkpoint holds " + restored.size() + " momentum buffers for "
                    + momentum.length + " parameters");
        }
        for (int i = 0; i < momentum.length; i++) {
            NDArray source = restored.get(i);
            if (!source.getShape().equals(momentum[i].getShape())) {
                throw new IllegalStateException("momentum buffer " + i + " has shape " + source.getShape()
                        + " in the checkpoint but the parameter has " + momentum[i].getShape());
            }
            momentum[i].set(source.toFloatArray());
        }
        restored.close();
    }
}
