package dev.slimfit.api.job;

import java.util.Optional;

import dev.slimfit.core.space.SearchSpace;

/**
 * The datasets a job may name. {@code fashion-mnist} is 28x28 grayscale with 10 classes; {@code folder:/path}
 * is a user image folder (one sub-folder per class) that the worker reads and checks before training.
 */
final class DatasetCatalog {

    static final String FASHION_MNIST = "fashion-mnist";
    static final String FOLDER_PREFIX = "folder:";

    private DatasetCatalog() {
    }

    /** @return why {@code dataset} cannot be used with {@code space}, or empty when it can */
    static Optional<String> problemWith(String dataset, SearchSpace space) {
        if (dataset.equals(FASHION_MNIST)) {
            if (space.inputChannels() != 1 || space.inputResolution() != 28 || space.classCount() != 10) {
                return Optional.of("fashion-mnist is 28x28x1 with 10 classes, but search space '" + space.name()
                        + "' expects " + space.inputResolution() + "x" + space.inputResolution() + "x"
                        + space.inputChannels() + " with " + space.classCount() + " classes");
            }
            return Optional.empty();
        }
        if (dataset.startsWith(FOLDER_PREFIX)) {
            String path = dataset.substring(FOLDER_PREFIX.length());
            if (!path.startsWith("/") || path.contains("..")) {
                return Optional.of("a folder dataset needs an absolute path without '..', e.g. folder:/data/flowers");
            }
            return Optional.empty();
        }
        return Optional.of("unknown dataset '" + dataset + "'; use 'fashion-mnist' or 'folder:/absolute/path'");
    }
}
