package dev.slimfit.core.contract;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import dev.slimfit.core.space.SearchSpace;

/**
 * The one grammar of a job's {@code dataset}: {@value #FASHION_MNIST} (28x28 grayscale, 10 classes, kept by each
 * worker) or {@code folder:/absolute/path} (one sub-folder per class, read and checked by the worker before
 * training; the path is absolute and has no {@code ..}). {@link #toString()} gives the canonical string back.
 */
public final class DatasetReference {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String FOLDER_PREFIX = "folder:";

    private static final String FOLDER_RULE =
            "a folder dataset needs an absolute path without '..', e.g. folder:/data/flowers";

    private static final DatasetReference FASHION = new DatasetReference(null);

    /** null for Fashion-MNIST. */
    private final Path folder;

    private DatasetReference(Path folder) {
        this.folder = folder;
    }

    /**
     * @throws IllegalArgumentException for anything but {@value #FASHION_MNIST} or {@code folder:/absolute/path}
     *                                  without {@code ..}, with the message the API shows for the {@code dataset}
     *                                  field
     */
    public static DatasetReference parse(String dataset) {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("a dataset is required; use 'fashion-mnist' or "
                    + "'folder:/absolute/path'");
        }
        if (dataset.equals(FASHION_MNIST)) {
            return FASHION;
        }
        if (dataset.startsWith(FOLDER_PREFIX)) {
            String path = dataset.substring(FOLDER_PREFIX.length());
            if (!path.startsWith("/") || path.contains("..")) {
                throw new IllegalArgumentException(FOLDER_RULE);
            }
            try {
                return new DatasetReference(Path.of(path).normalize());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(FOLDER_RULE);
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + dataset
                + "'; use 'fashion-mnist' or 'folder:/absolute/path'");
    }

    public static DatasetReference fashionMnist() {
        return FASHION;
    }

    public boolean isFashionMnist() {
        return folder == null;
    }

    /**
     * The image folder's absolute path.
     *
     * @throws IllegalStateException for Fashion-MNIST, which has no folder
     */
    public Path folder() {
        if (folder == null) {
            throw new IllegalStateException("fashion-mnist is not a folder dataset");
        }
        return folder;
    }

    /** @return why this dataset cannot feed a network of the chain {@code space}, or empty when it can */
    public Optional<String> problemWith(SearchSpace space) {
        if (isFashionMnist() && (space.inputChannels() != 1 || space.inputResolution() != 28
                || space.classCount() != 10)) {
            return Optional.of("fashion-mnist is 28x28x1 with 10 classes, but search space '" + space.name()
                    + "' expects " + space.inputResolution() + "x" + space.inputResolution() + "x"
                    + space.inputChannels() + " with " + space.classCount() + " classes");
        }
        // A folder is read and checked against the space by the worker, before any training.
        return Optional.empty();
    }

    /** The canonical form: {@value #FASHION_MNIST} or {@code folder:} and the normalised path. */
    @Override
    public String toString() {
        return folder == null ? FASHION_MNIST : FOLDER_PREFIX + folder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetReference that && Objects.equals(folder, that.folder);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(folder);
    }
}
