package dev.slimfit.core.latency;

import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;

/**
 * What determines a layer's latency besides its widths. Layers with equal keys run the same kernels on the same
 * tensor shapes, so they share latency unknowns (AOWS): in MobileNet-V1 the five 14x14 stride-1 blocks share one
 * set of cells.
 */
public record LayerKey(LayerKind kind, int kernel, int stride, int inputResolution, LayerRole role) {

    static LayerKey of(LayerSpec layer, boolean first) {
        return new LayerKey(layer.kind(), layer.kernel(), layer.stride(), layer.inputResolution(),
                first ? LayerRole.FIRST : LayerRole.INNER);
    }

    /** The classifier after global pooling. */
    static LayerKey classifier() {
        return new LayerKey(LayerKind.LINEAR, 1, 1, 1, LayerRole.CLASSIFIER);
    }

    /** A compact text form, e.g. {@code DEPTHWISE_SEPARABLE/k3/s1/r14/INNER}. */
    @Override
    public String toString() {
        return kind + "/k" + kernel + "/s" + stride + "/r" + inputResolution + "/" + role;
    }
}
