package dev.slimfit.core.space;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigurationValidatorTest {

    private final SearchSpace space = SearchSpaceRegistry.builtIn().find("mobilenet-v1-224").orElseThrow();

    @Test
    void acceptsBaseConfigurationAndMapsChoices() {
        int[] widths = space.layers().stream().mapToInt(LayerSpec::baseWidth).toArray();
        ConfigurationValidator.validate(space, widths);
        int[] choices = ConfigurationValidator.choiceIndices(space, widths);
        assertThat(choices[0]).isEqualTo(3);
        assertThat(ConfigurationValidator.widths(space, choices)).containsExactly(widths);
    }

    @Test
    void wrongWidthNamesLayerValueAndAllowedWidths() {
        int[] widths = space.smallest();
        widths[2] = 100;
        InvalidConfigurationException error = catchThrowableOfType(
                () -> ConfigurationValidator.validate(space, widths), InvalidConfigurationException.class);
        assertThat(error.layerIndex()).isEqualTo(2);
        assertThat(error.value()).isEqualTo(100);
        assertThat(error.getMessage()).contains("layer index 2", "100", "[24, 40, 48, 64");
    }

    @Test
    void wrongLengthReportsMinusOne() {
        InvalidConfigurationException error = catchThrowableOfType(
                () -> ConfigurationValidator.validate(space, new int[] {8, 16}), InvalidConfigurationException.class);
        assertThat(error.layerIndex()).isEqualTo(-1);
        assertThat(error.value()).isEqualTo(2);
        assertThat(error.getMessage()).contains("2 widths", "14 layers");
        assertThatThrownBy(() -> ConfigurationValidator.validate(space, null))
                .isInstanceOf(InvalidConfigurationException.class);
    }
}
