package dev.slimfit.core.space.staged;

/**
 * What every block of a stage computes. One kind only for now: depthwise-separable blocks are what the chain spaces
 * already use ({@link dev.slimfit.core.space.LayerKind#DEPTHWISE_SEPARABLE}), so costs, latency cells and the
 * trainer's layers carry over; an inverted-residual kind would be added here, and the cost switch would then refuse
 * to compile until it is counted.
 */
public enum BlockKind {
    /** A k x k depthwise convolution + batch-norm + ReLU, then a 1 x 1 pointwise convolution + batch-norm + ReLU. */
    DEPTHWISE_SEPARABLE
}
