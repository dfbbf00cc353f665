package dev.slimfit.worker.search.data;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.data.FashionMnist;
import dev.slimfit.models.data.ImageFolderReader;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.InvalidDatasetException;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.data.Split;
import dev.slimfit.models.data.TrainValidationSplit;

import java.nio.file.Path;

/**
 * Reads and splits a job's dataset, failing with {@link InvalidDatasetException} before anything trains.
 * <p>
 * Splits, all stratified and seeded with the job's seed:
 * <ul>
 *   <li>test: Fashion-MNIST's official 10,000 test images (always all of them, also when the training images are
 *       limited, so accuracies of short and long jobs compare); a folder dataset holds out {@value #TEST_FRACTION}
 *       of each class.</li>
 *   <li>validation: {@value #VALIDATION_FRACTION} of the remaining training pool.</li>
 *   <li>train: the rest; with {@code trainImages} set, a stratified subset of that many images, and the validation
 *       part is cut to {@code max(trainImages / 5, 20 per class)} so that quick jobs stay quick.</li>
 * </ul>
 */
public final class SearchDataLoader {

    static final double TEST_FRACTION = 0.1;
    static final double VALIDATION_FRACTION = 0.1;
    /** Seed offsets keep the three splits independent of one another for one job seed. */
    private static final long TEST_SEED = 0x7e57L;
    private static final long LIMIT_SEED = 0x11317L;

    private SearchDataLoader() {
    }

    /**
     * @throws InvalidDatasetException if the dataset is missing, malformed, does not fit the space or is too small
     */
    public static SearchData load(DatasetSource source, SearchSpace space, TrainingSettings training) {
        long seed = training.seed();
        ImageSet pool;
        ImageSet test;
        Normalization normalization;
        Path origin;
        if (source instanceof DatasetSource.FashionMnist fashion) {
            origin = fashion.directory();
            pool = FashionMnist.train(origin);
            test = FashionMnist.test(origin);
            pool.requireFits(space, origin);
            normalization = Normalization.FASHION_MNIST;
        } else {
            DatasetSource.Folder folder = (DatasetSource.Folder) source;
            origin = folder.root();
            ImageSet all = ImageFolderReader.read(origin, space);
            Split held = TrainValidationSplit.split(all, TEST_FRACTION, seed ^ TEST_SEED);
            pool = held.train();
            test = held.validation();
            normalization = null;
        }
        Split split = TrainValidationSplit.split(pool, VALIDATION_FRACTION, seed);
        ImageSet train = split.train();
        ImageSet validation = split.validation();
        Integer limit = training.trainImages();
        if (limit != null) {
            if (limit <= 0) {
                throw new InvalidDatasetException(origin, "trainImages must be positive, got " + limit);
            }
            train = stratifiedSubset(train, limit, seed ^ LIMIT_SEED);
            validation = stratifiedSubset(validation, Math.max(limit / 5, 20 * validation.classCount()),
                    seed ^ LIMIT_SEED);
        }
        requireNonEmpty(train, "training", origin);
        requireNonEmpty(validation, "validation", origin);
        requireNonEmpty(test, "test", origin);
        if (normalization == null) {
            normalization = Normalization.measured(train);
        }
        return new SearchData(train, validation, test, normalization);
    }

    /** A seeded subset of about {@code count} images with every class keeping its share; all when smaller. */
    static ImageSet stratifiedSubset(ImageSet images, int count, long seed) {
        if (count >= images.size()) {
            return images;
        }
        return TrainValidationSplit.split(images, (double) count / images.size(), seed).validation();
    }

    private static void requireNonEmpty(ImageSet images, String part, Path origin) {
        if (images.size() == 0) {
            throw new InvalidDatasetException(origin, "is too small: the " + part + " split is empty; give every"
                    + " class at least 10 images");
        }
    }
}
