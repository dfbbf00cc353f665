package dev.slimfit.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import dev.slimfit.core.space.SearchSpace;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Labelled images held as unsigned bytes in NCHW order (a quarter of the memory of floats: Fashion-MNIST's training
 * set is 47 MB). Values become floats in [0, 1], optionally standardised, only when converted to DJL arrays.
 * Immutable: arrays are copied in, and {@link #subset} copies out.
 */
public final class ImageSet {

    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    /**
     * @param pixels     {@code labels.length * channels * height * width} unsigned bytes, image after image, CHW
     * @param labels     class index of each image, in {@code [0, classNames.size())}
     * @param classNames name of each class, by index
     */
    public ImageSet(byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {
        this(pixels.clone(), labels.clone(), channels, height, width, List.copyOf(classNames), true);
    }

    private ImageSet(byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames,
                     boolean adopted) {
        long imageSize = (long) channels * height * width;
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive");
        }
        if (pixels.length != labels.length * imageSize) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not hold " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classNames.size() - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = classNames;
    }

    /** Takes ownership of freshly read arrays without copying them; for this package's readers. */
    static ImageSet adopt(byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {
        return new ImageSet(pixels, labels, channels, height, width, List.copyOf(classNames), true);
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int classCount() {
        return classNames.size();
    }

    public int label(int index) {
        return labels[index];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Unsigned value (0..255) of one pixel. */
    public int pixel(int image, int channel, int row, int column) {
        int offset = ((image * channels + channel) * height + row) * width + column;
        return pixels[offset] & 0xff;
    }

    /** Images per class, by class index. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices) {
        int imageSize = channels * height * width;
        byte[] subsetPixels = new byte[indices.length * imageSize];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * imageSize, subsetPixels, i * imageSize, imageSize);
            subsetLabels[i] = labels[indices[i]];
        }
        return adopt(subsetPixels, subsetLabels, channels, height, width, classNames);
    }

    /**
     * Images as float32 {@code (N, C, H, W)}, scaled to [0, 1] then standardised by {@code normalization}, and
     * labels as float32 {@code (N)} (what DJL's softmax cross-entropy and accuracy expect).
     */
    public NDList toArrays(NDManager manager, Normalization normalization) {
        ByteBuffer buffer = manager.allocateDirect(pixels.length);
        buffer.put(pixels).rewind();
        NDArray images;
        try (NDArray bytes = manager.create(buffer, new Shape(size(), channels, height, width), DataType.UINT8)) {
            images = normalization.apply(bytes.toType(DataType.FLOAT32, false).divi(255f));
        }
        float[] labelValues = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labelValues[i] = labels[i];
        }
        return new NDList(images, manager.create(labelValues));
    }

    /** A DJL dataset over {@link #toArrays}, batched and optionally shuffled by DJL's sampler. */
    public ArrayDataset toDataset(NDManager manager, Normalization normalization, int batchSize, boolean shuffle) {
        NDList arrays = toArrays(manager, normalization);
        return new ArrayDataset.Builder()
                .setData(arrays.get(0))
                .optLabels(arrays.get(1))
                .setSampling(batchSize, shuffle)
                .build();
    }

    /** {@link #requireFits(SearchSpace, Path)} for images whose source is not a single path. */
    public void requireFits(SearchSpace space) {
        requireFits(space, null);
    }

    /**
     * Fails unless these images fit the space's input (channels, square resolution) and its classifier has a
     * logit for every class.
     *
     * @param source what the set was read from, named in the error; may be null
     */
    public void requireFits(SearchSpace space, Path source) {
        if (channels != space.inputChannels() || height != space.inputResolution() || width != space.inputResolution()) {
            throw new InvalidDatasetException(source, "images are " + channels + "x" + height + "x" + width
                    + " (channels x height x width) but search space " + space.name() + " takes "
                    + space.inputChannels() + "x" + space.inputResolution() + "x" + space.inputResolution());
        }
        if (classNames.size() > space.classCount()) {
            throw new InvalidDatasetException(source, "has " + classNames.size() + " classes but search space "
                    + space.name() + " classifies into " + space.classCount());
        }
    }

    @Override
    public String toString() {
        return "ImageSet(" + size() + " images " + channels + "x" + height + "x" + width + ", classes "
                + Arrays.toString(classCounts()) + ")";
    }
}
