package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;
import dev.slimfit.worker.search.train.Losses;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gated forward on real libtorch: gates of 1 change nothing, the gates' gradients match finite differences, and
 * pruning (reordering channels most open first, then keeping the leading ones) computes what the wide network
 * computes with the other gates at 0.
 */
class GatedNetworkTest {

    /** Every layer kind: a convolution, a depthwise-separable block, a hidden linear layer. */
    static final SearchSpace SPACE = new SearchSpace("gated", "test chain", 1, 8, 3, List.of(
            new LayerSpec(LayerKind.CONV, 3, 1, 8, 8, List.of(4, 6, 8)),
            new LayerSpec(LayerKind.DEPTHWISE_SEPARABLE, 3, 2, 8, 8, List.of(4, 6, 8)),
            new LayerSpec(LayerKind.LINEAR, 1, 1, 1, 8, List.of(4, 8))));

    @Test
    void gatesOfOneLeaveTheForwardAsItIs() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            ChainNetwork chain = ChainNetwork.of(SPACE, randomised(manager, 1));
            NDArray input = manager.randomNormal(new Shape(5, 1, 8, 8));
            NDArray[] ones = new NDArray[SPACE.layerCount()];
            for (int i = 0; i < ones.length; i++) {
                ones[i] = manager.ones(new Shape(SPACE.layer(i).maxWidth()));
            }
            for (boolean training : new boolean[] {false, true}) {
                float[] plain = chain.forward(manager, input, SPACE.largest(), training).toFloatArray();
                float[] gated = chain.forward(manager, input, SPACE.largest(), training, ones).toFloatArray();
                assertThat(gated).containsExactly(plain, Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void theGatesGradientMatchesFiniteDifferences() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            ChainNetwork chain = ChainNetwork.of(SPACE, randomised(manager, 2));
            chain.setLayersTrainable(false);
            ChannelGates gates = ChannelGates.atZero(SPACE, manager);
            Random random = new Random(5);
            NDArray input = manager.randomNormal(new Shape(6, 1, 8, 8));
            NDArray labels = manager.create(new long[] {0, 1, 2, 1, 0, 2}, new Shape(6, 1));
            double beta = 1.7;
            List<NDArray> parameters = gates.trainable().stream().map(ChainNetwork.TrainableArray::array).toList();
            for (NDArray array : parameters) {
                float[] values = new float[(int) array.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = (float) (0.8 * random.nextGaussian());
                }
                array.set(values);
            }

            NDArray one = manager.create(1f);
            try (GradMode recording = GradMode.recording()) {
                TorchOps.backward(loss(manager, chain, gates, beta, input, labels), one);
            }
            double largest = 0;
            for (int layer = 0; layer < parameters.size(); layer++) {
                NDArray array = parameters.get(layer);
                float[] analytic = TorchOps.gradient(array).toFloatArray();
                float[] values = array.toFloatArray();
                for (int j = 0; j < values.length; j += 3) {
                    double h = 1e-2;
                    double up = lossAt(manager, chain, gates, beta, input, labels, array, values, j, h);
                    double down = lossAt(manager, chain, gates, beta, input, labels, array, values, j, -h);
                    double numeric = (up - down) / (2 * h);
                    largest = Math.max(largest, Math.abs(numeric));
                    assertThat((double) analytic[j]).as("layer %d gate %d", layer, j)
                            .isCloseTo(numeric, Offset.offset(2e-3 + 0.03 * Math.abs(numeric)));
                }
            }
            assertThat(largest).as("the loss depends on the gates").isGreaterThan(1e-2);
        }
    }

    @Test
    void thePrunedNetworkComputesWhatTheWideNetworkComputesWithItsClosedGatesAtZero() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            SlimmableNetwork wide = randomised(manager, 3);
            ChainNetwork chain = ChainNetwork.of(SPACE, wide);
            Random random = new Random(9);
            int[] widths = {6, 4, 4};
            double[][] parameters = new double[SPACE.layerCount()][];
            NDArray[] masks = new NDArray[SPACE.layerCount()];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = random.doubles(SPACE.layer(i).maxWidth(), -1, 1).toArray();
                int[] order = GateSelection.order(parameters[i]);
                float[] mask = new float[parameters[i].length];
                for (int k = 0; k < widths[i]; k++) {
                    mask[order[k]] = 1;
                }
                masks[i] = manager.create(mask);
            }
            NDArray input = manager.randomNormal(new Shape(4, 1, 8, 8));
            float[] masked = chain.forward(manager, input, SPACE.largest(), false, masks).toFloatArray();
            float[] before = chain.forward(manager, input, SPACE.largest(), false).toFloatArray();

            for (int i = 0; i < parameters.length; i++) {
                chain.permuteOutputs(i, GateSelection.order(parameters[i]));
            }
            float[] permuted = chain.forward(manager, input, SPACE.largest(), false).toFloatArray();
            SequentialBlock pruned = wide.toPlain(widths, manager);
            float[] prunedOutput = ChainNetwork.of(SPACE, pruned).forward(manager, input, widths, false)
                    .toFloatArray();

            assertThat(permuted).containsExactly(before, Offset.offset(1e-4f));
            assertThat(prunedOutput).containsExactly(masked, Offset.offset(1e-4f));
            assertThat(prunedOutput).isNotEqualTo(before);
        }
    }

    private static NDArray loss(NDManager manager, ChainNetwork chain, ChannelGates gates, double beta,
                                NDArray input, NDArray labels) {
        NDArray logits = chain.forward(manager, input, SPACE.largest(), false, gates.sharp(manager, beta));
        return Losses.crossEntropy(TorchOps.logSoftmax(logits), labels);
    }

    private static double lossAt(NDManager manager, ChainNetwork chain, ChannelGates gates, double beta,
                                 NDArray input, NDArray labels, NDArray array, float[] values, int index,
                                 double delta) {
        float[] shifted = values.clone();
        shifted[index] += (float) delta;
        array.set(shifted);
        try (GradMode inference = GradMode.inference()) {
            return loss(manager, chain, gates, beta, input, labels).getFloat();
        } finally {
            array.set(values);
        }
    }

    /**
     * A wide network with random batch-norm statistics and affine terms, so that a channel left in place with a
     * zero input would still show (through the batch-norm shift) if pruning did not remove it completely.
     */
    private static SlimmableNetwork randomised(NDManager manager, long seed) {
        OfflinePyTorch.engine().setRandomSeed((int) seed);
        SlimmableNetwork wide = new SlimmableNetwork(SPACE);
        wide.initialize(manager);
        Random random = new Random(seed);
        for (Parameter parameter : wide.getParameters().values()) {
            NDArray array = parameter.getArray();
            Parameter.Type type = parameter.getType();
            if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA || type == Parameter.Type.RUNNING_MEAN
                    || type == Parameter.Type.RUNNING_VAR) {
                float[] values = new float[(int) array.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = type == Parameter.Type.RUNNING_VAR ? (float) (0.5 + random.nextDouble())
                            : (float) (0.5 * random.nextGaussian() + (type == Parameter.Type.GAMMA ? 1 : 0));
                }
                array.set(values);
            }
        }
        assertThat(wide.getParameters().values().get(0).getArray().getDataType()).isEqualTo(DataType.FLOAT32);
        return wide;
    }
}
