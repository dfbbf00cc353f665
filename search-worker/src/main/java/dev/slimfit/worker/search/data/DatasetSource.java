package dev.slimfit.worker.search.data;

import dev.slimfit.models.data.InvalidDatasetException;

import java.nio.file.Path;

/** Where a job's images come from, parsed from the job's dataset string. */
public sealed interface DatasetSource {

    String FASHION_MNIST = "fashion-mnist";
    String FOLDER_PREFIX = "folder:";

    /** Fashion-MNIST's IDX files in {@code directory}; its official 10,000-image test split is the test set. */
    record FashionMnist(Path directory) implements DatasetSource {
    }

    /** A folder with one sub-folder per class; a seeded, stratified share is held out as the test set. */
    record Folder(Path root) implements DatasetSource {
    }

    /**
     * @param dataset              {@value #FASHION_MNIST} or {@code folder:/absolute/path}
     * @param fashionMnistDirectory where this worker keeps Fashion-MNIST
     * @throws InvalidDatasetException for any other string or a relative folder path
     */
    static DatasetSource parse(String dataset, Path fashionMnistDirectory) {
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidDatasetException(null, "name is missing; use \"" + FASHION_MNIST
                    + "\" or \"folder:/absolute/path\"");
        }
        if (dataset.equals(FASHION_MNIST)) {
            return new FashionMnist(fashionMnistDirectory);
        }
        if (dataset.startsWith(FOLDER_PREFIX)) {
            Path root = Path.of(dataset.substring(FOLDER_PREFIX.length()));
            if (!root.isAbsolute()) {
                throw new InvalidDatasetException(root, "folder datasets need an absolute path (folder:/data/cats)");
            }
            return new Folder(root.normalize());
        }
        throw new InvalidDatasetException(null, "\"" + dataset + "\" is not a dataset this worker reads; use \""
                + FASHION_MNIST + "\" or \"folder:/absolute/path\"");
    }
}
