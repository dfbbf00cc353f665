package dev.slimfit.core.space.staged;

import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StagedSpacesTest {

    @Test
    void builtInsAreWellFormedWithUniqueNamesDistinctFromChainSpaces() {
        List<String> names = StagedSpaces.builtIn().stream().map(StagedSpace::name).toList();
        assertThat(names).containsExactly("fmnist-stages", "mobilenet-stages-224").doesNotHaveDuplicates();
        List<String> chainNames = SearchSpaceRegistry.builtIn().all().stream().map(SearchSpace::name).toList();
        assertThat(names).doesNotContainAnyElementsOf(chainNames);
        for (StagedSpace space : StagedSpaces.builtIn()) {
            assertThat(space.stageCount()).isGreaterThanOrEqualTo(3);
            assertThat(StagedSpaces.find(space.name())).contains(space);
            assertThat(space.description()).isNotBlank();
            assertThat(StagedCost.worstCaseMacs(space, space.smallest()))
                    .isLessThan(StagedCost.worstCaseMacs(space, space.largest()));
            assertThat(StagedCost.totalParams(space, space.smallest()))
                    .isLessThan(StagedCost.totalParams(space, space.largest()));
            for (StageSpec stage : space.stages()) {
                assertThat(stage.blockKind()).isEqualTo(BlockKind.DEPTHWISE_SEPARABLE);
            }
        }
        assertThat(StagedSpaces.find("fmnist-small")).isEmpty();
    }

    @Test
    void fmnistStagesIsSmallEnoughToTrainOnCpus() {
        StagedSpace fmnist = StagedSpaces.find("fmnist-stages").orElseThrow();
        assertThat(fmnist.inputChannels()).isEqualTo(1);
        assertThat(fmnist.classCount()).isEqualTo(10);
        assertThat(fmnist.resolutionChoices()).containsExactly(28);
        assertThat(fmnist.stageCount()).isEqualTo(3);
        long largest = StagedCost.worstCaseMacs(fmnist, fmnist.largest());
        long params = StagedCost.totalParams(fmnist, fmnist.largest());
        System.out.printf("fmnist-stages largest: %,d MACs, %,d params; smallest: %,d MACs%n", largest, params,
                StagedCost.worstCaseMacs(fmnist, fmnist.smallest()));
        assertThat(largest).isLessThanOrEqualTo(3_000_000L);
        assertThat(fmnist.stageOutputResolutions(28)).containsExactly(14, 7, 7);
    }

    @Test
    void mobileNetStagesFollowsMobileNetV1() {
        StagedSpace mobileNet = StagedSpaces.find("mobilenet-stages-224").orElseThrow();
        assertThat(mobileNet.inputChannels()).isEqualTo(3);
        assertThat(mobileNet.classCount()).isEqualTo(1000);
        assertThat(mobileNet.resolutionChoices()).containsExactly(160, 192, 224);
        assertThat(mobileNet.stem()).isEqualTo(new StemSpec(3, 2, 32));
        assertThat(mobileNet.stageCount()).isEqualTo(5);
        assertThat(mobileNet.stageOutputResolutions(224)).containsExactly(56, 28, 14, 14, 7);
        assertThat(mobileNet.stageOutputResolutions(160)).containsExactly(40, 20, 10, 10, 5);
        assertThat(mobileNet.stage(4).widthChoices()).containsExactly(512, 768, 1024, 1280);
        assertThat(mobileNet.stage(0).kernelChoices()).containsExactly(3, 5, 7);
        assertThat(mobileNet.stage(0).depthChoices()).containsExactly(1, 2, 3, 4);
        long smallest = StagedCost.worstCaseMacs(mobileNet, mobileNet.smallest());
        long largest = StagedCost.worstCaseMacs(mobileNet, mobileNet.largest());
        System.out.printf("mobilenet-stages-224: %,d .. %,d MACs, %,d .. %,d params%n", smallest, largest,
                StagedCost.totalParams(mobileNet, mobileNet.smallest()),
                StagedCost.totalParams(mobileNet, mobileNet.largest()));
        // the range brackets MobileNet-V1 1.0-224's 569M
        assertThat(smallest).isLessThan(569_000_000L);
        assertThat(largest).isGreaterThan(569_000_000L);
    }
}
