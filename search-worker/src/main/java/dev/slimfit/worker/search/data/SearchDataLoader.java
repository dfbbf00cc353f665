package dev.slimfit.worker.search.data;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.staged.StagedSpace;
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
        return load(source, training, set -> set.requireFits(space, origin(source)),
                root -> ImageFolderReader.read(root, space));
    }

    /**
     * For a multi-stage space: images at its largest resolution, with its input channels and at most its classes.
     *
     * @throws InvalidDatasetException if the dataset is missing, malformed, does not fit the space or is too small
     */
    public static SearchData load(DatasetSource source, StagedSpace space, TrainingSettings training) {
        int resolution = space.maxResolution();
        return load(source, training, set -> requireFits(set, space, origin(source)),
                root -> {
                    ImageSet images = ImageFolderReader.read(root, resolution, space.inputChannels());
                    requireFits(images, space, root);
                    return images;
                });
    }

    private static void requireFits(ImageSet set, StagedSpace space, Path origin) {
        int resolution = space.maxResolution();
        if (set.channels() != space.inputChannels() || set.height() != resolution || set.width() != resolution) {
            throw new InvalidDatasetException(origin, "images are " + set.channels() + "x" + set.height() + "x"
                    + set.width() + " (channels x height x width) but multi-stage space " + space.name()
                    + " takes " + space.inputChannels() + "x" + resolution + "x" + resolution);
        }
        if (set.classNames().size() > space.classCount()) {
            throw new InvalidDatasetException(origin, "has " + set.classNames().size() + " classes but multi-stage"
                    + " space " + space.name() + " classifies into " + space.classCount());
        }
    }

    private static Path origin(DatasetSource source) {
        return source instanceof DatasetSource.FashionMnist fashion ? fashion.directory()
                : ((DatasetSource.Folder) source).root();
    }

    private static SearchData load(DatasetSource source, TrainingSettings training,
                                   java.util.function.Consumer<ImageSet> fits,
                                   java.util.function.Function<Path, ImageSet> folderReader) {
        long seed = training.seed();
        ImageSet pool;
        ImageSet test;
        Normalization normalization;
        Path origin;
        if (source instanceof DatasetSource.FashionMnist fashion) {
            origin = fashion.directory();
            pool = FashionMnist.train(origin);
            test = FashionMnist.test(origin);
            fits.accept(pool);
            normalization = Normalization.FASHION_MNIST;
        } else {
            DatasetSource.Folder folder = (DatasetSource.Folder) source;
            origin = folder.root();
            ImageSet all = folderReader.apply(origin);
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
