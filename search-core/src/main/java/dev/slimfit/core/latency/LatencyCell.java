package dev.slimfit.core.latency;

/** One latency unknown: a layer key run from {@code inputWidth} to {@code outputWidth} channels. */
public record LatencyCell(LayerKey key, int inputWidth, int outputWidth) {
}
