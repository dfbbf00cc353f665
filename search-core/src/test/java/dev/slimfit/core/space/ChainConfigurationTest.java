package dev.slimfit.core.space;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChainConfigurationTest {

    private final SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void roundTripsThroughArraysAndCopiesItsInput() {
        int[] widths = space.largest();
        ChainConfiguration configuration = ChainConfiguration.of(widths);
        assertThat(configuration.toArray()).containsExactly(widths);
        assertThat(configuration.widths()).containsExactly(Arrays.stream(widths).boxed().toArray(Integer[]::new));
        assertThat(ChainConfiguration.of(configuration.toArray())).isEqualTo(configuration);

        widths[0] = 999;
        assertThat(configuration.toArray()[0]).isNotEqualTo(999);
        configuration.toArray()[1] = 999;
        assertThat(configuration.toArray()[1]).isNotEqualTo(999);
        assertThat(Arrays.stream(ChainConfiguration.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("widths");
    }

    @Test
    void validatesLikeTheConfigurationValidator() {
        assertThatCode(() -> ChainConfiguration.of(space.smallest()).validate(space)).doesNotThrowAnyException();
        int[] widths = space.smallest();
        widths[2] = 7;
        InvalidConfigurationException error = catchThrowableOfType(
                () -> ChainConfiguration.of(widths).validate(space), InvalidConfigurationException.class);
        assertThat(error.layerIndex()).isEqualTo(2);
        assertThat(error.value()).isEqualTo(7);
        InvalidConfigurationException length = catchThrowableOfType(
                () -> new ChainConfiguration(List.of(4, 8)).validate(space), InvalidConfigurationException.class);
        assertThat(length.layerIndex()).isEqualTo(-1);
    }
}
