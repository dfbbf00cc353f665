package dev.slimfit.models.slimmable;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkInputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SlimmableNetworkTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = OfflinePyTorch.newManager();
        manager.getEngine().setRandomSeed(11);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    static Stream<Arguments> configurations() {
        Random random = new Random(3);
        List<Arguments> cases = new ArrayList<>();
        for (String name : List.of("fmnist-small", "cifar10-small")) {
            SearchSpace space = space(name);
            cases.add(Arguments.of(name, space.smallest()));
            cases.add(Arguments.of(name, space.largest()));
            for (int i = 0; i < 3; i++) {
                cases.add(Arguments.of(name, randomWidths(space, random)));
            }
        }
        cases.add(Arguments.of("mobilenet-v1-224", randomWidths(space("mobilenet-v1-224"), random)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void slicedForwardEqualsThePlainNetworkLoadedWithTheSlices(String spaceName, int[] widths) {
        SearchSpace space = space(spaceName);
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        supernet.initialize(manager);
        randomiseBatchNorm(supernet, new Random(5));
        SequentialBlock plain = supernet.toPlain(widths, manager);
        NDArray input = manager.randomNormal(NetworkInputs.shape(space, 2));

        ParameterStore store = new ParameterStore(manager, false);
        NDArray sliced = supernet.forward(store, input, widths, false);
        NDArray reference = plain.forward(store, new NDList(input), false).singletonOrThrow();

        assertThat(sliced.getShape()).isEqualTo(reference.getShape());
        float maxDifference = sliced.sub(reference).abs().max().getFloat();
        assertThat(maxDifference).isLessThan(1e-4f);
    }

    @Test
    void gradientsOfANarrowForwardLandInTheLeadingSliceOfTheSharedWeight() {
        SearchSpace space = space("fmnist-small");
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        supernet.initialize(manager);
        int[] widths = space.smallest();
        NDArray input = manager.randomNormal(NetworkInputs.shape(space, 4));

        try (GradientCollector collector = Engine.getEngine(OfflinePyTorch.ENGINE_NAME).newGradientCollector()) {
            NDArray logits = supernet.forward(new ParameterStore(manager, false), input, widths, true);
            collector.backward(logits.square().sum());
        }

        NDArray firstConvGradient = parameter(supernet, 0).getArray().getGradient();
        int used = widths[0];
        assertThat(firstConvGradient.get(new NDIndex(":{}", used)).abs().sum().getFloat()).isPositive();
        assertThat(firstConvGradient.get(new NDIndex("{}:", used)).abs().sum().getFloat()).isZero();
    }

    @Test
    void aNarrowTrainingForwardUpdatesOnlyTheLeadingRunningStatistics() {
        SearchSpace space = space("fmnist-small");
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        supernet.initialize(manager);
        int[] widths = space.smallest();
        Parameter runningMean = supernet.getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN).findFirst().orElseThrow();

        supernet.forward(new ParameterStore(manager, false), manager.randomNormal(NetworkInputs.shape(space, 4))
                .add(3), widths, true);

        NDArray mean = runningMean.getArray();
        assertThat(mean.get(new NDIndex(":{}", widths[0])).abs().sum().getFloat()).isPositive();
        assertThat(mean.get(new NDIndex("{}:", widths[0])).abs().sum().getFloat()).isZero();
    }

    @Test
    void djlForwardTakesTheConfigurationFromParamsOrTheActiveWidths() {
        SearchSpace space = space("fmnist-small");
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        supernet.initialize(manager);
        int[] widths = space.smallest();
        NDArray input = manager.randomNormal(NetworkInputs.shape(space, 2));
        ParameterStore store = new ParameterStore(manager, false);
        NDArray direct = supernet.forward(store, input, widths, false);

        PairList<String, Object> params = new PairList<>();
        params.add(SlimmableNetwork.WIDTHS_PARAM, widths);
        NDArray viaParams = supernet.forward(store, new NDList(input), false, params).singletonOrThrow();
        supernet.setActiveWidths(widths);
        NDArray viaActive = supernet.forward(store, new NDList(input), false).singletonOrThrow();

        assertThat(viaParams.sub(direct).abs().max().getFloat()).isZero();
        assertThat(viaActive.sub(direct).abs().max().getFloat()).isZero();
    }

    @Test
    void supportsLinearLayersAfterPooling() {
        SearchSpace space = new SearchSpace("conv-then-mlp", "test", 2, 9, 3, List.of(
                new LayerSpec(LayerKind.CONV, 3, 2, 9, 8, List.of(4, 8)),
                new LayerSpec(LayerKind.DEPTHWISE_SEPARABLE, 3, 1, 5, 8, List.of(4, 8)),
                new LayerSpec(LayerKind.LINEAR, 1, 1, 1, 16, List.of(8, 16))));
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        supernet.initialize(manager);
        int[] widths = {4, 8, 8};
        NDArray input = manager.randomNormal(NetworkInputs.shape(space, 2));
        ParameterStore store = new ParameterStore(manager, false);

        NDArray sliced = supernet.forward(store, input, widths, false);
        NDArray reference = supernet.toPlain(widths, manager).forward(store, new NDList(input), false)
                .singletonOrThrow();

        assertThat(sliced.sub(reference).abs().max().getFloat()).isLessThan(1e-4f);
    }

    /** Non-trivial scale, shift and statistics, so that inference-mode batch-norm slicing is really exercised. */
    private void randomiseBatchNorm(SlimmableNetwork supernet, Random random) {
        for (Parameter parameter : supernet.getParameters().values()) {
            NDArray array = parameter.getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            switch (parameter.getType()) {
                case GAMMA, RUNNING_VAR -> fill(values, random, 0.5f, 1.5f);
                case BETA, RUNNING_MEAN -> fill(values, random, -0.5f, 0.5f);
                default -> {
                    continue;
                }
            }
            array.set(values);
        }
    }

    private static void fill(float[] values, Random random, float low, float high) {
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextFloat();
        }
    }

    private static Parameter parameter(SlimmableNetwork supernet, int index) {
        return supernet.getParameters().values().get(index);
    }

    private static SearchSpace space(String name) {
        return SearchSpaceRegistry.builtIn().find(name).orElseThrow();
    }

    private static int[] randomWidths(SearchSpace space, Random random) {
        int[] widths = new int[space.layerCount()];
        for (int i = 0; i < widths.length; i++) {
            List<Integer> choices = space.layer(i).widthChoices();
            widths[i] = choices.get(random.nextInt(choices.size()));
        }
        return widths;
    }
}
