package dev.slimfit.core.space;

import java.util.List;

/**
 * One searchable layer of a chain. Its input width is the previous layer's chosen width (or the space's input
 * channels for the first layer); its output width is one of {@code widthChoices}, sorted ascending.
 *
 * @param kind            what the layer computes
 * @param kernel          kernel size (1 for LINEAR)
 * @param stride          stride (1 for LINEAR)
 * @param inputResolution spatial size of the layer's input (square), 1 for LINEAR
 * @param baseWidth       the width of the reference (multiplier 1.0) network
 * @param widthChoices    allowed output widths, ascending, distinct, positive
 */
public record LayerSpec(LayerKind kind, int kernel, int stride, int inputResolution, int baseWidth,
                        List<Integer> widthChoices) {

    public LayerSpec {
        widthChoices = List.copyOf(widthChoices);
    }

    /** Spatial size of the output with "same" padding: ceil(input / stride). */
    public int outputResolution() {
        return (inputResolution + stride - 1) / stride;
    }

    public int minWidth() {
        return widthChoices.get(0);
    }

    public int maxWidth() {
        return widthChoices.get(widthChoices.size() - 1);
    }
}
