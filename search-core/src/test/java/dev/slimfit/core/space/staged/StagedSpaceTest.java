package dev.slimfit.core.space.staged;

import dev.slimfit.core.space.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StagedSpaceTest {

    private final StagedSpace tiny = TinyStagedSpace.withStem();

    @Test
    void largestAndSmallestTakeTheEndsOfEveryChoiceListAndAreValid() {
        assertThat(tiny.smallest()).isEqualTo(new StagedConfiguration(6, List.of(
                new StageChoice(1, 3, 2), new StageChoice(1, 3, 4), new StageChoice(1, 3, 6))));
        assertThat(tiny.largest()).isEqualTo(new StagedConfiguration(8, List.of(
                new StageChoice(2, 3, 4), new StageChoice(2, 5, 4), new StageChoice(1, 3, 6))));
        for (StagedSpace space : List.of(tiny, StagedSpaces.find("fmnist-stages").orElseThrow(),
                StagedSpaces.find("mobilenet-stages-224").orElseThrow())) {
            assertThatCode(() -> space.validate(space.smallest())).doesNotThrowAnyException();
            assertThatCode(() -> space.validate(space.largest())).doesNotThrowAnyException();
        }
    }

    @Test
    void resolutionFlowsThroughStemAndFirstBlockStridesRoundingUp() {
        // 6 -> stem /2 -> 3 -> stage 0 /1 -> 3 -> stage 1 /2 -> ceil(1.5) = 2 -> stage 2 /2 -> 1
        assertThat(tiny.stemOutputResolution(6)).isEqualTo(3);
        assertThat(tiny.stageOutputResolutions(6)).containsExactly(3, 2, 1);
        assertThat(tiny.stageOutputResolutions(8)).containsExactly(4, 2, 1);
        assertThat(TinyStagedSpace.withoutStem().stageOutputResolutions(6)).containsExactly(6, 3, 2);
    }

    @Test
    void enumeratesEveryConfigurationOnceInIndexOrder() {
        // 2 resolutions x (2 depths x 1 kernel x 2 widths) x (2 x 2 x 1) x (1 x 1 x 1)
        assertThat(tiny.configurationCount()).isEqualTo(2L * 4 * 4 * 1);
        List<StagedConfiguration> all = tiny.configurations().toList();
        assertThat(all).hasSize(32).doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(tiny.smallest());
        assertThat(all.get(all.size() - 1)).isEqualTo(tiny.largest());
        all.forEach(tiny::validate);
        assertThatThrownBy(() -> tiny.configuration(32)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> tiny.configuration(-1)).isInstanceOf(IndexOutOfBoundsException.class);

        StagedSpace fmnist = StagedSpaces.find("fmnist-stages").orElseThrow();
        assertThat(fmnist.configurationCount()).isEqualTo(12L * 12 * 12);
        assertThat(fmnist.configurations().distinct().count()).isEqualTo(1728);
        // 3 resolutions x (4 depths x 3 kernels x 4 widths)^5
        StagedSpace mobileNet = StagedSpaces.find("mobilenet-stages-224").orElseThrow();
        assertThat(mobileNet.configurationCount()).isEqualTo(3L * 48 * 48 * 48 * 48 * 48);
        assertThat(mobileNet.configuration(mobileNet.configurationCount() - 1)).isEqualTo(mobileNet.largest());
    }

    @Test
    void randomConfigurationsAreValidReproducibleAndReachEveryChoice() {
        StagedSpace fmnist = StagedSpaces.find("fmnist-stages").orElseThrow();
        Random random = new Random(11);
        Set<StagedConfiguration> seen = new HashSet<>();
        List<StagedConfiguration> drawn = new ArrayList<>();
        for (int n = 0; n < 5000; n++) {
            StagedConfiguration configuration = fmnist.random(random);
            fmnist.validate(configuration);
            seen.add(configuration);
            drawn.add(configuration);
        }
        assertThat(seen.size()).isGreaterThan(1500);
        Random again = new Random(11);
        for (int n = 0; n < 100; n++) {
            assertThat(fmnist.random(again)).isEqualTo(drawn.get(n));
        }
    }

    @Test
    void wrongFieldsNameTheStageFieldValueAndChoices() {
        InvalidStagedConfigurationException depth = failure(tiny, withStage(tiny.smallest(), 1,
                new StageChoice(3, 3, 4)));
        assertThat(depth.stageIndex()).isEqualTo(1);
        assertThat(depth.layerIndex()).isEqualTo(1);
        assertThat(depth.field()).isEqualTo("depth");
        assertThat(depth.value()).isEqualTo(3);
        assertThat(depth.getMessage()).contains("stage index 1", "depth 3", "[1, 2]");

        InvalidStagedConfigurationException kernel = failure(tiny, withStage(tiny.smallest(), 0,
                new StageChoice(1, 5, 2)));
        assertThat(kernel.stageIndex()).isEqualTo(0);
        assertThat(kernel.field()).isEqualTo("kernel");
        assertThat(kernel.getMessage()).contains("stage index 0", "kernel 5", "[3]");

        InvalidStagedConfigurationException width = failure(tiny, withStage(tiny.smallest(), 2,
                new StageChoice(1, 3, 7)));
        assertThat(width.stageIndex()).isEqualTo(2);
        assertThat(width.field()).isEqualTo("width");
        assertThat(width.value()).isEqualTo(7);
        assertThat(width.getMessage()).contains("stage index 2", "width 7", "[6]");

        InvalidStagedConfigurationException resolution = failure(tiny,
                new StagedConfiguration(7, tiny.smallest().stages()));
        assertThat(resolution.stageIndex()).isEqualTo(-1);
        assertThat(resolution.field()).isEqualTo("resolution");
        assertThat(resolution.getMessage()).contains("resolution 7", "[6, 8]");

        InvalidStagedConfigurationException count = failure(tiny,
                new StagedConfiguration(6, tiny.smallest().stages().subList(0, 2)));
        assertThat(count.stageIndex()).isEqualTo(-1);
        assertThat(count.field()).isEqualTo("stages");
        assertThat(count.value()).isEqualTo(2);
        assertThat(count.getMessage()).contains("2 stage choices", "3 stages");

        assertThat(failure(tiny, null).field()).isEqualTo("stages");
    }

    @Test
    void rejectsMalformedSpaces() {
        BlockKind ds = BlockKind.DEPTHWISE_SEPARABLE;
        StageSpec ok = new StageSpec(1, List.of(1), List.of(3), List.of(4), ds);
        assertThatThrownBy(() -> new StagedSpace("two", "", 1, 10, List.of(28), null, List.of(ok, ok)))
                .hasMessageContaining("at least 3 stages");
        assertThatThrownBy(() -> new StagedSpace("res", "", 1, 10, List.of(32, 28), null, List.of(ok, ok, ok)))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> new StagedSpace("cls", "", 1, 0, List.of(28), null, List.of(ok, ok, ok)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StageSpec(1, List.of(1), List.of(3, 4), List.of(4), ds))
                .hasMessageContaining("odd");
        assertThatThrownBy(() -> new StageSpec(1, List.of(2, 1), List.of(3), List.of(4), ds))
                .hasMessageContaining("depth");
        assertThatThrownBy(() -> new StageSpec(1, List.of(1), List.of(3), List.of(), ds))
                .hasMessageContaining("width");
        assertThatThrownBy(() -> new StageSpec(0, List.of(1), List.of(3), List.of(4), ds))
                .hasMessageContaining("stride");
        assertThatThrownBy(() -> new StemSpec(2, 1, 8)).hasMessageContaining("odd");
    }

    @Test
    void configurationRecordsArePlainRecordComponents() {
        assertThat(Arrays.stream(StagedConfiguration.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("resolution", "stages");
        assertThat(Arrays.stream(StageChoice.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("depth", "kernel", "width");
        List<StageChoice> stages = new ArrayList<>(tiny.smallest().stages());
        StagedConfiguration copy = new StagedConfiguration(6, stages);
        stages.clear();
        assertThat(copy.stageCount()).isEqualTo(3);
    }

    private static InvalidStagedConfigurationException failure(StagedSpace space, StagedConfiguration configuration) {
        InvalidStagedConfigurationException error = catchThrowableOfType(() -> space.validate(configuration),
                InvalidStagedConfigurationException.class);
        assertThat(error).isNotNull().isInstanceOf(InvalidConfigurationException.class);
        return error;
    }

    private static StagedConfiguration withStage(StagedConfiguration configuration, int index, StageChoice choice) {
        List<StageChoice> stages = new ArrayList<>(configuration.stages());
        stages.set(index, choice);
        return new StagedConfiguration(configuration.resolution(), stages);
    }
}
