package dev.slimfit.models.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.OfflinePyTorch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reads the real files; skipped, with the package to install named, where Debian's package is absent. */
class FashionMnistTest {

    private static ImageSet train;
    private static ImageSet test;

    @BeforeAll
    static void readOnce() {
        assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed under " + FashionMnist.DEFAULT_DIRECTORY + ": apt-get install "
                        + FashionMnist.DEBIAN_PACKAGE + " to run these tests");
        train = FashionMnist.train();
        test = FashionMnist.test();
    }

    @Test
    void hasThePublishedSizesAndBalancedClasses() {
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.classCount()).isEqualTo(10);
        assertThat(train.channels()).isEqualTo(1);
        assertThat(train.height()).isEqualTo(28);
        assertThat(train.width()).isEqualTo(28);
        assertThat(train.classCounts()).containsOnly(6_000);
        assertThat(test.classCounts()).containsOnly(1_000);
        assertThat(Arrays.stream(train.labels()).allMatch(label -> label >= 0 && label < 10)).isTrue();
    }

    @Test
    void fitsTheFmnistSmallSpace() {
        train.requireFits(SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow(),
                FashionMnist.DEFAULT_DIRECTORY);
    }

    @Test
    void convertsToArraysInTheUnitRangeAndStandardisesWithThePublishedStatistics() {
        ImageSet sample = test.subset(java.util.stream.IntStream.range(0, 2_000).toArray());
        try (NDManager manager = OfflinePyTorch.newManager()) {
            NDList unit = sample.toArrays(manager, Normalization.UNIT_RANGE);
            assertThat(unit.get(0).getShape()).isEqualTo(new Shape(2_000, 1, 28, 28));
            assertThat(unit.get(1).getShape()).isEqualTo(new Shape(2_000));
            assertThat(unit.get(0).min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(unit.get(0).max().getFloat()).isLessThanOrEqualTo(1f);

            NDList standardised = sample.toArrays(manager, Normalization.FASHION_MNIST);
            assertThat(standardised.get(0).mean().getFloat()).isBetween(-0.1f, 0.1f);
        }
        Normalization measured = Normalization.measured(sample);
        assertThat(measured.mean()).isCloseTo(0.286, org.assertj.core.data.Offset.offset(0.01));
        assertThat(measured.std()).isCloseTo(0.353, org.assertj.core.data.Offset.offset(0.01));
    }
}
