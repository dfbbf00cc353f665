package dev.slimfit.models.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.FashionMnist;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.data.Split;
import dev.slimfit.models.data.TrainValidationSplit;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkBuilder;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PlainTrainerTest {

    @Test
    void lossFallsWithinFortyStepsOnFashionMnist() {
        assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed under " + FashionMnist.DEFAULT_DIRECTORY + ": apt-get install "
                        + FashionMnist.DEBIAN_PACKAGE + " to run this test");
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        ImageSet sample = FashionMnist.test().subset(IntStream.range(0, 3_000).toArray());
        Split split = TrainValidationSplit.split(sample, 0.2, 17);
        SequentialBlock network = NetworkBuilder.build(space, space.smallest());
        PlainTrainer trainer = new PlainTrainer();

        TrainingRun run;
        double accuracy;
        try (NDManager weights = OfflinePyTorch.newManager()) {
            run = trainer.train(weights, network, space, split.train(), Normalization.FASHION_MNIST,
                    new TrainingOptions(40, 32, 0.01f, OptimizerKind.ADAM, 5));
            accuracy = trainer.accuracy(network, split.validation(), Normalization.FASHION_MNIST, 200);
        }

        assertThat(run.lossPerStep()).hasSize(40).allSatisfy(loss -> assertThat(loss).isFinite());
        assertThat(run.meanOfLast(10)).isLessThan(0.8 * run.meanOfFirst(5));
        assertThat(accuracy).as("validation accuracy, chance is 0.1").isGreaterThan(0.3);
    }
}
