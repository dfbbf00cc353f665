package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.training.OptimizerKind;
import dev.slimfit.models.training.PlainTrainer;
import dev.slimfit.models.training.TrainingOptions;
import dev.slimfit.models.training.TrainingRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The supernet trains through DJL's own Trainer at its active widths: slices carry gradients into shared weights. */
class SlimmableTrainingTest {

    @Test
    void lossFallsWhenTrainingTheSmallestSubNetworkThroughDjlsTrainer() {
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        ImageSet images = darkVersusBright(256, space);
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        supernet.setActiveWidths(space.smallest());

        TrainingRun run;
        try (NDManager weights = OfflinePyTorch.newManager()) {
            supernet.initialize(weights);
            run = new PlainTrainer().train(weights, supernet, space, images, Normalization.UNIT_RANGE,
                    new TrainingOptions(30, 32, 0.01f, OptimizerKind.ADAM, 9));
        }

        assertThat(run.meanOfLast(5)).isLessThan(0.5 * run.meanOfFirst(5));
    }

    /** Two trivially separable classes (noise around grey level 40 or 215) labelled 0 and 1 of the space's 10. */
    private static ImageSet darkVersusBright(int count, SearchSpace space) {
        int imageSize = space.inputResolution() * space.inputResolution();
        byte[] pixels = new byte[count * imageSize];
        int[] labels = new int[count];
        Random random = new Random(1);
        for (int i = 0; i < count; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < imageSize; p++) {
                pixels[i * imageSize + p] = (byte) ((labels[i] == 0 ? 40 : 215) + random.nextInt(41) - 20);
            }
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new ImageSet(pixels, labels, 1, space.inputResolution(), space.inputResolution(), classes);
    }
}
