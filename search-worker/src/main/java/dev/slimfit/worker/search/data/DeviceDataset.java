package dev.slimfit.worker.search.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.worker.search.nn.TorchOps;

import java.util.Random;

/**
 * One image set held on the engine once, as standardised float32 images (N, C, H, W) and int64 labels (N, 1), so a
 * training step touches no Java arrays: an epoch permutes both with one gather each, and a batch is a pair of views
 * into the permuted copies.
 */
public final class DeviceDataset implements AutoCloseable {

    private static final long[] ONE = {1};

    private final NDManager manager;
    private final NDArray images;
    private final NDArray labels;
    private final int size;

    private DeviceDataset(NDManager manager, NDArray images, NDArray labels, int size) {
        this.manager = manager;
        this.images = images;
        this.labels = labels;
        this.size = size;
    }

    /** Converts {@code set} on the engine, in a sub-manager of {@code parent} that {@link #close()} frees. */
    public static DeviceDataset upload(ImageSet set, Normalization normalization, NDManager parent) {
        NDManager manager = parent.newSubManager();
        NDList arrays = set.toArrays(manager, normalization);
        arrays.get(1).close();
        int[] labelValues = set.labels();
        long[] column = new long[labelValues.length];
        for (int i = 0; i < column.length; i++) {
            column[i] = labelValues[i];
        }
        NDArray labels = manager.create(column, new Shape(column.length, 1));
        return new DeviceDataset(manager, arrays.get(0), labels, set.size());
    }

    public int size() {
        return size;
    }

    /**
     * Training batches per epoch: whole batches only (the remainder, a different random few each epoch, is skipped
     * so batch-norm never sees a batch of one), but at least one batch of everything for a set smaller than a batch.
     */
    public int trainingBatches(int batchSize) {
        return Math.max(1, size / batchSize);
    }

    /** Evaluation batches: every image once, the last batch possibly short. */
    public int evaluationBatches(int batchSize) {
        return (size + batchSize - 1) / batchSize;
    }

    /**
     * This epoch's order: a permutation seeded by {@code seed} and {@code epoch} alone, so an epoch resumed after a
     * restart sees the same batches. Owned by {@code epochManager}.
     */
    public Batches shuffled(NDManager epochManager, long seed, int epoch) {
        return shuffled(epochManager, seed, epoch, null);
    }

    /**
     * As {@link #shuffled(NDManager, long, int)}, with per-image training targets (N, K) in the set's stored order
     * permuted alike, so each batch carries its images' targets; {@code targets} may be null.
     */
    public Batches shuffled(NDManager epochManager, long seed, int epoch, NDArray targets) {
        if (targets != null && targets.getShape().get(0) != size) {
            throw new IllegalArgumentException("targets have " + targets.getShape().get(0) + " rows, the set "
                    + size + " images");
        }
        int[] order = permutation(size, new Random(seed * 0x9E3779B97F4A7C15L + epoch));
        long[] index = new long[size];
        for (int i = 0; i < size; i++) {
            index[i] = order[i];
        }
        NDArray indexArray = epochManager.create(index);
        NDArray shuffledImages = images.get(epochManager, new NDIndex("{}", indexArray));
        NDArray shuffledLabels = labels.get(epochManager, new NDIndex("{}", indexArray));
        NDArray shuffledTargets = targets == null ? null : targets.get(epochManager, new NDIndex("{}", indexArray));
        indexArray.close();
        return new Batches(shuffledImages, shuffledLabels, shuffledTargets, size);
    }

    /** The set in its stored order (evaluation). */
    public Batches inOrder() {
        return new Batches(images, labels, null, size);
    }

    @Override
    public void close() {
        manager.close();
    }

    private static int[] permutation(int size, Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * Images, labels and optional targets (null when none) in one order; batches are views attached to the caller's
     * (per-step) manager.
     */
    public record Batches(NDArray images, NDArray labels, NDArray targets, int size) {

        /** Images {@code [start, end)} as a {@link Batch} of views. */
        public Batch slice(NDManager manager, int start, int end) {
            long[] from = {start};
            long[] to = {end};
            return new Batch(TorchOps.slice(images, from, to, ONE, manager),
                    TorchOps.slice(labels, from, to, ONE, manager),
                    targets == null ? null : TorchOps.slice(targets, from, to, ONE, manager), end - start);
        }

        /** Batch {@code index} of {@code batchSize} (the last may be short). */
        public Batch batch(NDManager manager, int index, int batchSize) {
            int start = index * batchSize;
            return slice(manager, start, Math.min(size, start + batchSize));
        }
    }

    /**
     * A batch: images (B, C, H, W), labels (B, 1) int64 and, when the epoch was shuffled with targets, their (B, K)
     * training targets (else null).
     */
    public record Batch(NDArray images, NDArray labels, NDArray targets, int size) {
    }
}
