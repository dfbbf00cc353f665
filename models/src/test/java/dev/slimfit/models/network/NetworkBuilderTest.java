package dev.slimfit.models.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.InvalidConfigurationException;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkBuilderTest {

    private static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = OfflinePyTorch.newManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    /** Smallest, largest and random configurations; fewer for the 224x224 space to keep the suite fast. */
    static Stream<Arguments> configurations() {
        List<Arguments> cases = new ArrayList<>();
        Random random = new Random(7);
        for (SearchSpace space : SearchSpaceRegistry.builtIn().all()) {
            cases.add(Arguments.of(space.name(), space.smallest()));
            cases.add(Arguments.of(space.name(), space.largest()));
            int randomCount = space.inputResolution() > 64 ? 1 : 3;
            for (int i = 0; i < randomCount; i++) {
                cases.add(Arguments.of(space.name(), randomWidths(space, random)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void outputsLogitsAndCountsParametersLikeNetworkCost(String spaceName, int[] widths) {
        SearchSpace space = SearchSpaceRegistry.builtIn().find(spaceName).orElseThrow();
        SequentialBlock network = NetworkBuilder.build(space, widths);
        Shape input = NetworkInputs.shape(space, 2);
        network.initialize(manager, DataType.FLOAT32, input);

        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.randomUniform(0, 1, input);
            NDArray logits = network.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();

            assertThat(logits.getShape()).isEqualTo(new Shape(2, space.classCount()));
            assertThat(network.getOutputShapes(new Shape[] {input})[0]).isEqualTo(new Shape(2, space.classCount()));
        }
        ParameterCounts counts = ParameterCounts.of(network);
        long bnChannels = ParameterCounts.batchNormChannels(space, widths);
        assertThat(counts.weightsAndBiases()).isEqualTo(NetworkCost.params(space, widths));
        assertThat(counts.batchNormAffine()).isEqualTo(2 * bnChannels);
        assertThat(counts.batchNormRunningStats()).isEqualTo(2 * bnChannels);
        assertThat(counts.total()).isEqualTo(NetworkCost.params(space, widths) + 4 * bnChannels);
    }

    @Test
    void mobileNetAtWidthOneHasThePublishedParameterCount() {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();
        int[] base = space.layers().stream().mapToInt(LayerSpec::baseWidth).toArray();
        SequentialBlock network = NetworkBuilder.build(space, base);
        network.initialize(manager, DataType.FLOAT32, NetworkInputs.shape(space, 1));

        ParameterCounts counts = ParameterCounts.of(network);

        assertThat(counts.weightsAndBiases()).isEqualTo(4_210_088L);
        assertThat(counts.trainable()).as("Keras' trainable count").isEqualTo(4_231_976L);
    }

    @Test
    void supportsLinearLayersAfterPooling() {
        SearchSpace space = new SearchSpace("conv-then-mlp", "test", 2, 9, 3, List.of(
                new LayerSpec(LayerKind.CONV, 3, 2, 9, 8, List.of(4, 8)),
                new LayerSpec(LayerKind.LINEAR, 1, 1, 1, 16, List.of(8, 16))));
        int[] widths = {8, 16};
        SequentialBlock network = NetworkBuilder.build(space, widths);
        network.initialize(manager, DataType.FLOAT32, NetworkInputs.shape(space, 3));

        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = network.forward(new ParameterStore(scope, false),
                    new NDList(scope.ones(NetworkInputs.shape(space, 3))), false).singletonOrThrow();
            assertThat(logits.getShape()).isEqualTo(new Shape(3, 3));
        }
        assertThat(ParameterCounts.of(network).weightsAndBiases()).isEqualTo(NetworkCost.params(space, widths));
    }

    @Test
    void rejectsConfigurationsOutsideTheSpace() {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        int[] widths = space.largest();
        widths[2] = 3;

        assertThatThrownBy(() -> NetworkBuilder.build(space, widths))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("layer index 2");
    }

    @Test
    void rejectsEvenKernels() {
        assertThatThrownBy(() -> SupportedSpaces.samePadding(2)).hasMessageContaining("even");
    }

    static int[] randomWidths(SearchSpace space, Random random) {
        int[] widths = new int[space.layerCount()];
        for (int i = 0; i < widths.length; i++) {
            List<Integer> choices = space.layer(i).widthChoices();
            widths[i] = choices.get(random.nextInt(choices.size()));
        }
        return widths;
    }
}
