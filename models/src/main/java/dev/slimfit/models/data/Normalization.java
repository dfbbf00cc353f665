package dev.slimfit.models.data;

import ai.djl.ndarray.NDArray;

/**
 * Standardisation applied after scaling pixels to [0, 1]: {@code (x - mean) / std}, the same for every channel.
 *
 * @param mean subtracted from every scaled pixel
 * @param std  divides every centred pixel; positive
 */
public record Normalization(double mean, double std) {

    /** Pixels scaled to [0, 1] and nothing else. */
    public static final Normalization UNIT_RANGE = new Normalization(0, 1);

    /** Mean and standard deviation of Fashion-MNIST's training pixels in [0, 1] (measured: 0.2860, 0.3530). */
    public static final Normalization FASHION_MNIST = new Normalization(0.2860, 0.3530);

    public Normalization {
        if (!(std > 0) || !Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("normalisation needs a finite mean and a positive std, got " + mean
                    + " and " + std);
        }
    }

    /** Mean and standard deviation of all pixels of {@code images} in [0, 1]; for standardising a user's data. */
    public static Normalization measured(ImageSet images) {
        double sum = 0;
        double sumOfSquares = 0;
        long count = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int c = 0; c < images.channels(); c++) {
                for (int y = 0; y < images.height(); y++) {
                    for (int x = 0; x < images.width(); x++) {
                        double value = images.pixel(i, c, y, x) / 255.0;
                        sum += value;
                        sumOfSquares += value * value;
                        count++;
                    }
                }
            }
        }
        double mean = sum / count;
        double variance = Math.max(0, sumOfSquares / count - mean * mean);
        return new Normalization(mean, variance > 0 ? Math.sqrt(variance) : 1);
    }

    /** Applies the standardisation in place when it is not the identity. */
    NDArray apply(NDArray scaled) {
        if (mean == 0 && std == 1) {
            return scaled;
        }
        return scaled.subi((float) mean).divi((float) std);
    }
}
