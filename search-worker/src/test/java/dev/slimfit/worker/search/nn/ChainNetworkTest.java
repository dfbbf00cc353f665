package dev.slimfit.worker.search.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lean forward computes exactly what the models module's blocks compute. */
class ChainNetworkTest {

    private static final SearchSpace FMNIST = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void supernetForwardMatchesTheSlimmableNetworkAtAnyConfiguration() {
        int[][] configurations = {FMNIST.largest(), FMNIST.smallest(), {12, 40, 32, 80, 64}};
        try (NDManager manager = OfflinePyTorch.newManager()) {
            SlimmableNetwork supernet = new SlimmableNetwork(FMNIST);
            supernet.initialize(manager);
            ChainNetwork chain = ChainNetwork.of(FMNIST, supernet);
            NDArray input = manager.randomNormal(new Shape(4, 1, 28, 28));
            ParameterStore store = new ParameterStore(manager, false);
            for (int[] widths : configurations) {
                for (boolean training : new boolean[] {false, true}) {
                    float[] expected = supernet.forward(store, input, widths, training).toFloatArray();
                    float[] actual = chain.forward(manager, input, widths, training).toFloatArray();
                    assertThat(actual).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void plainForwardMatchesTheNetworkBuilderNetworkTakenFromTheSupernet() {
        int[] widths = {16, 24, 48, 64, 96};
        try (NDManager manager = OfflinePyTorch.newManager()) {
            SlimmableNetwork supernet = new SlimmableNetwork(FMNIST);
            supernet.initialize(manager);
            SequentialBlock plain = supernet.toPlain(widths, manager);
            ChainNetwork chain = ChainNetwork.of(FMNIST, plain);
            NDArray input = manager.randomNormal(new Shape(3, 1, 28, 28));
            float[] expected = plain.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();

            assertThat(chain.forward(manager, input, widths, false).toFloatArray())
                    .containsExactly(expected, org.assertj.core.data.Offset.offset(1e-4f));
            // Weights and biases of every conv/linear layer plus BN gamma and beta: 5 layers, classifier.
            assertThat(chain.trainable()).hasSize(1 + 2 + 4 * (1 + 2 + 1 + 2) + 2);
        }
    }

    @Test
    void spacesWithLinearLayersPoolOnceBeforeTheFirst() {
        SearchSpace withHead = new SearchSpace("conv-then-linear", "test", 1, 8, 3, List.of(
                new LayerSpec(LayerKind.CONV, 3, 2, 8, 8, List.of(4, 8)),
                new LayerSpec(LayerKind.LINEAR, 1, 1, 1, 16, List.of(8, 16))));
        try (NDManager manager = OfflinePyTorch.newManager()) {
            SlimmableNetwork supernet = new SlimmableNetwork(withHead);
            supernet.initialize(manager);
            ChainNetwork chain = ChainNetwork.of(withHead, supernet);
            NDArray input = manager.randomNormal(new Shape(2, 1, 8, 8));
            float[] expected = supernet.forward(new ParameterStore(manager, false), input, new int[] {4, 8}, false)
                    .toFloatArray();

            assertThat(chain.forward(manager, input, new int[] {4, 8}, false).toFloatArray())
                    .containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void aNetworkOfAnotherSpaceIsRejected() {
        SearchSpace cifar = SearchSpaceRegistry.builtIn().find("cifar10-small").orElseThrow();
        try (NDManager manager = OfflinePyTorch.newManager()) {
            SlimmableNetwork supernet = new SlimmableNetwork(FMNIST);
            supernet.initialize(manager);

            assertThatThrownBy(() -> ChainNetwork.of(cifar, supernet)).isInstanceOf(IllegalStateException.class);
        }
    }
}
