package dev.slimfit.core.decode;

/**
 * What a decoder assumes for a width whose unary score is unknown ({@code NaN}: the supernet never sampled it, so
 * there is no evidence either way; docs/methods/aows.md says not to read that as zero).
 */
public sealed interface UnknownWidthPolicy {

    /** Never choose an unknown width (its unary becomes -infinity). A layer with no known width is an error. */
    static UnknownWidthPolicy exclude() {
        return new Exclude();
    }

    /** Assume the mean of the layer's known unaries: neutral, neither favoured nor avoided. */
    static UnknownWidthPolicy layerMean() {
        return new LayerMean();
    }

    /** Assume the worst known unary of the layer: pessimistic, chosen only when it is cheap enough to win. */
    static UnknownWidthPolicy layerMinimum() {
        return new LayerMinimum();
    }

    /** Assume a fixed value. */
    static UnknownWidthPolicy fill(double value) {
        return new Fill(value);
    }

    record Exclude() implements UnknownWidthPolicy {
    }

    record LayerMean() implements UnknownWidthPolicy {
    }

    record LayerMinimum() implements UnknownWidthPolicy {
    }

    record Fill(double value) implements UnknownWidthPolicy {
        public Fill {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("fill value must be finite, got " + value);
            }
        }
    }
}
