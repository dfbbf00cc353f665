package dev.slimfit.models.data;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderReaderTest {

    private static final List<Color> COLOURS = List.of(Color.RED, Color.GREEN, Color.BLUE);

    @TempDir
    Path root;

    @Test
    void roundTripsAGeneratedFolderAsGreyAndAsColour() throws IOException {
        for (int c = 0; c < COLOURS.size(); c++) {
            Path classFolder = Files.createDirectory(root.resolve("class-" + c));
            for (int i = 0; i < 4; i++) {
                writeImage(classFolder.resolve("img" + i + (i % 2 == 0 ? ".png" : ".bmp")), COLOURS.get(c), 40, 30,
                        i % 2 == 0 ? "png" : "bmp");
            }
        }
        Files.writeString(root.resolve(".DS_Store"), "ignored");
        SearchSpace fmnist = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

        ImageSet grey = ImageFolderReader.read(root, fmnist);
        ImageSet colour = ImageFolderReader.read(root, 32, 3);

        assertThat(grey.size()).isEqualTo(12);
        assertThat(grey.classNames()).containsExactly("class-0", "class-1", "class-2");
        assertThat(grey.classCounts()).containsExactly(4, 4, 4);
        assertThat(grey.channels()).isEqualTo(1);
        assertThat(grey.height()).isEqualTo(28);
        // BT.601 luma of pure red, green and blue.
        assertThat(grey.pixel(0, 0, 14, 14)).isEqualTo(76);
        assertThat(grey.pixel(4, 0, 14, 14)).isEqualTo(150);
        assertThat(grey.pixel(8, 0, 14, 14)).isEqualTo(29);
        assertThat(colour.channels()).isEqualTo(3);
        assertThat(colour.pixel(8, 2, 31, 31)).isEqualTo(255);
        assertThat(colour.pixel(8, 0, 31, 31)).isZero();
    }

    @Test
    void rejectsAMissingFolderOrAFile() throws IOException {
        Path file = Files.writeString(root.resolve("file.txt"), "x");

        assertThatThrownBy(() -> ImageFolderReader.read(root.resolve("nope"), 28, 1))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("dataset folder not found");
        assertThatThrownBy(() -> ImageFolderReader.read(file, 28, 1))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("is a file");
    }

    @Test
    void rejectsFewerThanTwoClassesAndEmptyClasses() throws IOException {
        assertThatThrownBy(() -> ImageFolderReader.read(root, 28, 1))
                .isInstanceOf(InvalidDatasetException.class).hasMessageContaining("has 0 class sub-folders");

        Path cats = Files.createDirectory(root.resolve("cats"));
        writeImage(cats.resolve("a.png"), Color.WHITE, 8, 8, "png");
        assertThatThrownBy(() -> ImageFolderReader.read(root, 28, 1)).hasMessageContaining("has 1 class sub-folder;");

        Path dogs = Files.createDirectory(root.resolve("dogs"));
        assertThatThrownBy(() -> ImageFolderReader.read(root, 28, 1))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> assertThat(e.source()).isEqualTo(dogs))
                .hasMessageContaining("holds no images");
    }

    @Test
    void rejectsUndecodableFilesAndNestedFolders() throws IOException {
        Path cats = Files.createDirectory(root.resolve("cats"));
        Path dogs = Files.createDirectory(root.resolve("dogs"));
        writeImage(cats.resolve("a.png"), Color.WHITE, 8, 8, "png");
        Path broken = Files.write(dogs.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});

        assertThatThrownBy(() -> ImageFolderReader.read(root, 28, 1))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> assertThat(e.source()).isEqualTo(broken));

        Files.delete(broken);
        Path nested = Files.createDirectory(dogs.resolve("more"));
        assertThatThrownBy(() -> ImageFolderReader.read(root, 28, 1))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> assertThat(e.source()).isEqualTo(nested))
                .hasMessageContaining("nested folder");
    }

    @Test
    void rejectsMoreClassesThanTheSpaceClassifies() throws IOException {
        for (int c = 0; c < 11; c++) {
            Path folder = Files.createDirectory(root.resolve(String.format("c%02d", c)));
            writeImage(folder.resolve("x.png"), Color.GRAY, 4, 4, "png");
        }
        SearchSpace fmnist = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

        assertThatThrownBy(() -> ImageFolderReader.read(root, fmnist))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("has 11 classes but search space fmnist-small classifies into 10");
    }

    private static void writeImage(Path file, Color colour, int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
    }
}
