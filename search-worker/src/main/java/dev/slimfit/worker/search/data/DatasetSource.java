package dev.slimfit.worker.search.data;

import dev.slimfit.core.contract.DatasetReference;
import dev.slimfit.models.data.InvalidDatasetException;

import java.nio.file.Path;

/** Where a job's images come from, parsed from the job's dataset string. */
public sealed interface DatasetSource {

    /** Fashion-MNIST's IDX files in {@code directory}; its official 10,000-image test split is the test set. */
    record FashionMnist(Path directory) implements DatasetSource {
    }

    /** A folder with one sub-folder per class; a seeded, stratified share is held out as the test set. */
    record Folder(Path root) implements DatasetSource {
    }

    /**
     * @param dataset               a dataset reference ({@link DatasetReference}: the one grammar the API checks)
     * @param fashionMnistDirectory where this worker keeps Fashion-MNIST
     * @throws InvalidDatasetException for a string that is not a dataset reference
     */
    static DatasetSource parse(String dataset, Path fashionMnistDirectory) {
        DatasetReference reference;
        try {
            reference = DatasetReference.parse(dataset);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatasetException(null, e.getMessage());
        }
        return reference.isFashionMnist() ? new FashionMnist(fashionMnistDirectory) : new Folder(reference.folder());
    }
}
