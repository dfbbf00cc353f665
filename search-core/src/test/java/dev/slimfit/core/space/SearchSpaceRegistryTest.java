package dev.slimfit.core.space;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchSpaceRegistryTest {

    private final SearchSpaceRegistry registry = SearchSpaceRegistry.builtIn();

    @Test
    void listsBuiltInSpacesInStableOrder() {
        assertThat(registry.all()).extracting(SearchSpace::name)
                .containsExactly("mobilenet-v1-224", "fmnist-small", "cifar10-small");
        assertThat(registry.all()).allSatisfy(space -> assertThat(space.description()).isNotBlank());
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void mobileNetWidthChoicesMatchAlgorithmsDocument() {
        SearchSpace space = registry.find("mobilenet-v1-224").orElseThrow();
        assertThat(space.layerCount()).isEqualTo(14);
        assertThat(space.inputChannels()).isEqualTo(3);
        assertThat(space.inputResolution()).isEqualTo(224);
        assertThat(space.classCount()).isEqualTo(1000);
        assertThat(space.layer(0).kind()).isEqualTo(LayerKind.CONV);
        assertThat(space.layers().subList(1, 14)).allSatisfy(layer -> {
            assertThat(layer.kind()).isEqualTo(LayerKind.DEPTHWISE_SEPARABLE);
            assertThat(layer.kernel()).isEqualTo(3);
        });
        assertThat(space.layers()).extracting(LayerSpec::stride)
                .containsExactly(2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1);
        assertThat(space.layers()).extracting(LayerSpec::inputResolution)
                .containsExactly(224, 112, 112, 56, 56, 28, 28, 14, 14, 14, 14, 14, 14, 7);
        assertThat(space.layers()).extracting(LayerSpec::baseWidth)
                .containsExactly(32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024);

        List<Integer> base32 = List.of(8, 16, 24, 32, 40, 48);
        List<Integer> base64 = List.of(16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96);
        List<Integer> base128 = List.of(24, 40, 48, 64, 80, 88, 104, 112, 128, 144, 152, 168, 176, 192);
        List<Integer> base256 = List.of(48, 80, 104, 128, 152, 176, 208, 232, 256, 280, 304, 336, 360, 384);
        List<Integer> base512 = List.of(104, 152, 208, 256, 304, 360, 408, 464, 512, 560, 616, 664, 720, 768);
        List<Integer> base1024 = List.of(208, 304, 408, 512, 616, 720, 816, 920, 1024, 1128, 1232, 1328, 1432, 1536);
        assertThat(space.layers()).extracting(LayerSpec::widthChoices).containsExactly(
                base32, base64, base128, base128, base256, base256,
                base512, base512, base512, base512, base512, base512, base1024, base1024);
    }

    @Test
    void smallSpacesAreSmallChainsWithEnoughChoices() {
        SearchSpace fmnist = registry.find("fmnist-small").orElseThrow();
        assertThat(fmnist.inputChannels()).isEqualTo(1);
        assertThat(fmnist.inputResolution()).isEqualTo(28);
        assertThat(fmnist.classCount()).isEqualTo(10);
        assertThat(fmnist.layer(0).kind()).isEqualTo(LayerKind.CONV);
        assertThat(fmnist.layers().subList(1, fmnist.layerCount()))
                .extracting(LayerSpec::kind).containsOnly(LayerKind.DEPTHWISE_SEPARABLE);
        assertThat(fmnist.layers()).filteredOn(layer -> layer.stride() == 2).hasSizeGreaterThanOrEqualTo(2);
        for (SearchSpace space : List.of(fmnist, registry.find("cifar10-small").orElseThrow())) {
            assertThat(space.layers()).allSatisfy(layer -> assertThat(layer.widthChoices()).hasSizeGreaterThanOrEqualTo(6));
        }
    }

    @Test
    void roundsHalfToEven() {
        assertThat(WidthChoices.roundToMultiple(12, 1, 8)).isEqualTo(16); // 1.5 -> 2
        assertThat(WidthChoices.roundToMultiple(20, 1, 8)).isEqualTo(16); // 2.5 -> 2
        assertThat(WidthChoices.roundToMultiple(28, 1, 8)).isEqualTo(32); // 3.5 -> 4
        assertThat(WidthChoices.roundToMultiple(3, 1, 8)).isEqualTo(8);   // at least one multiple
    }

    @Test
    void rejectsDuplicateNames() {
        SearchSpace space = registry.all().get(1);
        assertThatThrownBy(() -> SearchSpaceRegistry.of(List.of(space, space)))
                .hasMessageContaining("duplicate");
    }
}
