package dev.slimfit.core.space;

/** The kinds of layer a search space chains together. */
public enum LayerKind {
    /** A full k x k convolution followed by batch-norm and ReLU. */
    CONV,
    /** A k x k depthwise convolution then a 1 x 1 pointwise convolution, each with batch-norm and ReLU. */
    DEPTHWISE_SEPARABLE,
    /** A fully connected layer on globally pooled features. */
    LINEAR
}
