package dev.slimfit.models.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST from the gzipped IDX files that Debian's {@value #DEBIAN_PACKAGE} package installs under
 * {@link #DEFAULT_DIRECTORY}. Nothing is ever downloaded: a machine without the files gets a clear error.
 */
public final class FashionMnist {

    /** Where Debian's package puts the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The Debian package that provides the files. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** Class names by label, as published with the dataset. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final int TRAIN_SIZE = 60_000;
    public static final int TEST_SIZE = 10_000;

    private FashionMnist() {
    }

    /** The 60,000 training images from {@link #DEFAULT_DIRECTORY}. */
    public static ImageSet train() {
        return train(DEFAULT_DIRECTORY);
    }

    /** The 10,000 test images from {@link #DEFAULT_DIRECTORY}. */
    public static ImageSet test() {
        return test(DEFAULT_DIRECTORY);
    }

    public static ImageSet train(Path directory) {
        return read(directory, "train");
    }

    public static ImageSet test(Path directory) {
        return read(directory, "t10k");
    }

    /** Whether all four files are present (not whether they are valid). */
    public static boolean isInstalled(Path directory) {
        return List.of("train", "t10k").stream().allMatch(prefix ->
                Files.isRegularFile(imagesFile(directory, prefix)) && Files.isRegularFile(labelsFile(directory, prefix)));
    }

    private static ImageSet read(Path directory, String prefix) {
        Path imagesFile = imagesFile(directory, prefix);
        Path labelsFile = labelsFile(directory, prefix);
        for (Path file : List.of(imagesFile, labelsFile)) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidDatasetException(file, "Fashion-MNIST file not found; install Debian's "
                        + DEBIAN_PACKAGE + " package (apt-get install " + DEBIAN_PACKAGE + ")");
            }
        }
        IdxImages images = IdxReader.readImages(imagesFile);
        byte[] labelBytes = IdxReader.readLabels(labelsFile);
        if (labelBytes.length != images.count()) {
            throw new InvalidDatasetException(labelsFile, "holds " + labelBytes.length + " labels but "
                    + imagesFile.getFileName() + " holds " + images.count() + " images");
        }
        int[] labels = new int[labelBytes.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelBytes[i] & 0xff;
            if (labels[i] >= CLASS_NAMES.size()) {
                throw new InvalidDatasetException(labelsFile, "label " + labels[i] + " at index " + i
                        + " is outside 0.." + (CLASS_NAMES.size() - 1));
            }
        }
        return ImageSet.adopt(images.pixels(), labels, 1, images.rows(), images.columns(), CLASS_NAMES);
    }

    private static Path imagesFile(Path directory, String prefix) {
        return directory.resolve(prefix + "-images-idx3-ubyte.gz");
    }

    private static Path labelsFile(Path directory, String prefix) {
        return directory.resolve(prefix + "-labels-idx1-ubyte.gz");
    }
}
