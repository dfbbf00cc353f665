package dev.slimfit.core.cost;

import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.InvalidConfigurationException;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NetworkCostTest {

    private final SearchSpace mobileNet = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();

    @Test
    void mobileNetV1AtWidthOneMatchesPaperFigures() {
        int[] base = mobileNet.layers().stream().mapToInt(LayerSpec::baseWidth).toArray();
        long macs = NetworkCost.macs(mobileNet, base);
        long params = NetworkCost.params(mobileNet, base);
        System.out.printf("MobileNet-V1 1.0-224: %,d MACs, %,d params%n", macs, params);
        assertThat(macs).isEqualTo(568_740_352L);
        // conv + fc weights + fc bias; Keras reports 4,231,976 trainable because it adds batch-norm gamma and beta (21,888)
        assertThat(params).isEqualTo(4_210_088L);
        assertThat(macs / 1e6).isCloseTo(569, within(1.0));
        assertThat(params / 1e6).isCloseTo(4.2, within(0.05));
    }

    @Test
    void countsATinyNetworkByHand() {
        SearchSpace tiny = new SearchSpace("tiny", "two layers", 3, 8, 5, List.of(
                new LayerSpec(LayerKind.CONV, 3, 2, 8, 4, List.of(4)),
                new LayerSpec(LayerKind.DEPTHWISE_SEPARABLE, 3, 1, 4, 6, List.of(6))));
        int[] widths = {4, 6};
        // conv: 9*3*4*16 = 1728; dw: 9*4*16 = 576, pw: 4*6*16 = 384; fc: 6*5 = 30
        assertThat(NetworkCost.macs(tiny, widths)).isEqualTo(1728 + 576 + 384 + 30);
        // conv: 9*3*4 = 108; dw: 36, pw: 24; fc: 30 + 5
        assertThat(NetworkCost.params(tiny, widths)).isEqualTo(108 + 36 + 24 + 35);
    }

    @Test
    void costTablesSumExactlyToNetworkCost() {
        Random random = new Random(7);
        for (SearchSpace space : SearchSpaceRegistry.builtIn().all()) {
            ChainCostTable macs = CostTables.macs(space);
            ChainCostTable params = CostTables.params(space);
            for (int n = 0; n < 500; n++) {
                int[] widths = randomWidths(space, random);
                int[] choices = ConfigurationValidator.choiceIndices(space, widths);
                assertThat(macs.cost(choices)).isEqualTo((double) NetworkCost.macs(space, widths));
                assertThat(params.cost(choices)).isEqualTo((double) NetworkCost.params(space, widths));
            }
            assertThat(macs.minimumCost()).isEqualTo((double) NetworkCost.macs(space, space.smallest()));
            assertThat(macs.maximumCost()).isEqualTo((double) NetworkCost.macs(space, space.largest()));
            assertThat(params.minimumCost()).isEqualTo((double) NetworkCost.params(space, space.smallest()));
        }
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> NetworkCost.macs(mobileNet, new int[] {1}))
                .isInstanceOf(InvalidConfigurationException.class);
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
