package dev.slimfit.worker.search.data;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.FashionMnist;
import dev.slimfit.models.data.InvalidDatasetException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchDataLoaderTest {

    private static final SearchSpace FMNIST = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final SearchSpace CIFAR = SearchSpaceRegistry.builtIn().find("cifar10-small").orElseThrow();

    @Test
    void parsesDatasetNames() {
        Path directory = Path.of("/data/fm");
        assertThat(DatasetSource.parse("fashion-mnist", directory))
                .isEqualTo(new DatasetSource.FashionMnist(directory));
        assertThat(DatasetSource.parse("folder:/data/./cats/", directory))
                .isEqualTo(new DatasetSource.Folder(Path.of("/data/cats")));
        // The API's grammar, now the worker's too: no way out of the named folder.
        assertThatThrownBy(() -> DatasetSource.parse("folder:/data/pets/../cats", directory))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("..");
        assertThatThrownBy(() -> DatasetSource.parse("folder:relative", directory))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> DatasetSource.parse("", directory)).isInstanceOf(InvalidDatasetException.class);
    }

    @Test
    void fashionMnistKeepsTheOfficialTestSplitAndLimitsTrainingImagesByClass() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY),
                "SKIPPED: install dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");

        SearchData data = SearchDataLoader.load(new DatasetSource.FashionMnist(FashionMnist.DEFAULT_DIRECTORY),
                FMNIST, new TrainingSettings(1, 0, 64, 11, 1000));
        SearchData again = SearchDataLoader.load(new DatasetSource.FashionMnist(FashionMnist.DEFAULT_DIRECTORY),
                FMNIST, new TrainingSettings(1, 0, 64, 11, 1000));

        assertThat(data.test().size()).isEqualTo(FashionMnist.TEST_SIZE);
        assertThat(data.train().size()).isBetween(990, 1010);
        assertThat(java.util.Arrays.stream(data.train().classCounts())
                .allMatch(count -> count >= 98 && count <= 102)).isTrue();
        assertThat(data.validation().size()).isBetween(195, 205);
        assertThat(data.train().labels()).containsExactly(again.train().labels());
    }

    @Test
    void fashionMnistDoesNotFitAColourSpace() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY),
                "SKIPPED: install dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");

        assertThatThrownBy(() -> SearchDataLoader.load(new DatasetSource.FashionMnist(FashionMnist.DEFAULT_DIRECTORY),
                CIFAR, new TrainingSettings(1, 0, 64, 1, null)))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("cifar10-small");
    }

    @Test
    void aFolderDatasetHoldsOutTestAndValidationImagesOfEveryClass(@TempDir Path root) throws Exception {
        for (String label : new String[] {"circle", "square", "stripe"}) {
            Files.createDirectories(root.resolve(label));
            for (int n = 0; n < 20; n++) {
                BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                image.getRaster().setSample(n % 28, label.length(), 0, 255);
                ImageIO.write(image, "png", root.resolve(label).resolve(n + ".png").toFile());
            }
        }

        SearchData data = SearchDataLoader.load(new DatasetSource.Folder(root), FMNIST,
                new TrainingSettings(1, 0, 8, 5, null));

        assertThat(data.test().classCounts()).containsExactly(2, 2, 2);
        assertThat(data.validation().classCounts()).containsExactly(2, 2, 2);
        assertThat(data.train().size()).isEqualTo(48);
        assertThat(data.normalization().std()).isPositive();
    }

    @Test
    void aFolderTooSmallToSplitIsRejected(@TempDir Path root) throws Exception {
        for (String label : new String[] {"a", "b"}) {
            Files.createDirectories(root.resolve(label));
            ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png",
                    root.resolve(label).resolve("only.png").toFile());
        }

        assertThatThrownBy(() -> SearchDataLoader.load(new DatasetSource.Folder(root), FMNIST,
                new TrainingSettings(1, 0, 8, 5, null)))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("too small");
    }
}
