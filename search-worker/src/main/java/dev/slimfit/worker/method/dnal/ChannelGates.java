package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.nn.TorchOps;

import java.util.ArrayList;
import java.util.List;

/**
 * DNAL's architecture parameters: one {@code a_j} per output channel of every layer at its widest, all starting at
 * 0 (every gate half open). The network runs with the sharp gates {@code sigmoid(beta * a)}; the regulariser presses
 * the soft ones {@code sigmoid(a)}, weighted per layer. The arrays live in the manager given at creation and are
 * what the gates phase's optimiser updates.
 */
final class ChannelGates {

    private final NDArray[] parameters;

    private ChannelGates(NDArray[] parameters) {
        this.parameters = parameters;
        for (NDArray array : parameters) {
            array.setRequiresGradient(true);
        }
    }

    /** Every gate parameter 0. */
    static ChannelGates atZero(SearchSpace space, NDManager manager) {
        NDArray[] arrays = new NDArray[space.layerCount()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = manager.zeros(new Shape(space.layer(i).maxWidth()), DataType.FLOAT32);
        }
        return new ChannelGates(arrays);
    }

    /** Gates from {@link #encode()}'s bytes. */
    static ChannelGates decode(SearchSpace space, byte[] bytes, NDManager manager) {
        NDList restored = NDList.decode(manager, bytes);
        if (restored.size() != space.layerCount()) {
            throw new IllegalStateException("checkpoint holds gates for " + restored.size() + " layers; space "
                    + space.name() + " has " + space.layerCount());
        }
        NDArray[] arrays = new NDArray[restored.size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = restored.get(i);
            if (arrays[i].getShape().get(0) != space.layer(i).maxWidth()) {
                throw new IllegalStateException("checkpoint gates of layer " + i + " have shape "
                        + arrays[i].getShape() + "; the layer has " + space.layer(i).maxWidth() + " channels");
            }
        }
        return new ChannelGates(arrays);
    }

    byte[] encode() {
        return new NDList(parameters).encode();
    }

    /** The parameters as the optimiser sees them (no weight decay: DNAL trains the gates without it). */
    List<TrainableArray> trainable() {
        List<TrainableArray> arrays = new ArrayList<>();
        for (NDArray array : parameters) {
            arrays.add(new TrainableArray(array, false));
        }
        return arrays;
    }

    /** The sharp gates {@code sigmoid(beta * a)} of every layer, recorded for backward, attached to {@code step}. */
    NDArray[] sharp(NDManager step, double beta) {
        NDArray scale = step.create((float) beta);
        NDArray[] gates = new NDArray[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            NDArray scaled = TorchOps.mul(parameters[i], scale);
            gates[i] = TorchOps.sigmoid(scaled);
            scaled.close();
        }
        return gates;
    }

    /**
     * The regulariser {@code sum_i weights[i] * sum_j sigmoid(a_ij)}: with every weight 1 DNAL's plain count of
     * open gates; with per-channel marginal costs, Slimfit's cost-weighted pressure. A scalar recorded for backward.
     */
    NDArray penalty(NDManager step, double[] weights) {
        NDArray total = null;
        for (int i = 0; i < parameters.length; i++) {
            NDArray soft = TorchOps.sigmoid(parameters[i]);
            NDArray sum = TorchOps.sum(soft);
            soft.close();
            NDArray weighted = TorchOps.mul(sum, step.create((float) weights[i]));
            sum.close();
            if (total == null) {
                total = weighted;
            } else {
                NDArray next = TorchOps.add(total, weighted);
                total.close();
                weighted.close();
                total = next;
            }
        }
        return total;
    }

    /** The parameters on the host, per layer. */
    double[][] values() {
        double[][] values = new double[parameters.length][];
        for (int i = 0; i < parameters.length; i++) {
            float[] host = parameters[i].toFloatArray();
            values[i] = new double[host.length];
            for (int j = 0; j < host.length; j++) {
                values[i][j] = host[j];
            }
        }
        return values;
    }
}
