package dev.slimfit.models.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic, stratified train/validation split. Supernet unaries and early-exit thresholds are tuned on the
 * validation part, so a resumed job must see exactly the same split: the same seed gives the same split on every
 * JVM ({@link Random}'s sequence is specified), and each class contributes the same share.
 */
public final class TrainValidationSplit {

    private TrainValidationSplit() {
    }

    /**
     * @param validationFraction share of each class held out, in (0, 1); each class keeps at least one training image
     *                           and gives {@code round(count * fraction)} to validation
     */
    public static Split split(ImageSet images, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < images.classCount(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            byClass.get(images.label(i)).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> members : byClass) {
            shuffle(members, random);
            int held = (int) Math.min(Math.round(members.size() * validationFraction), Math.max(0, members.size() - 1));
            validation.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        // Interleave classes again so that sequential reading of either part is not class-sorted.
        shuffle(train, random);
        shuffle(validation, random);
        return new Split(images.subset(toArray(train)), images.subset(toArray(validation)));
    }

    /** Fisher-Yates written out, so the split depends only on the specified sequence of {@link Random}. */
    private static void shuffle(List<Integer> values, Random random) {
        for (int i = values.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = values.get(i);
            values.set(i, values.get(j));
            values.set(j, swap);
        }
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
