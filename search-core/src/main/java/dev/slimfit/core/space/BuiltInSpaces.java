package dev.slimfit.core.space;

import java.util.ArrayList;
import java.util.List;

/** Definitions of the search spaces Slimfit ships with. */
final class BuiltInSpaces {

    /** AOWS multipliers 0.2, 0.3, ..., 1.5 as tenths. */
    private static final int[] AOWS_TENTHS = WidthChoices.range(2, 15);
    /** Small-space multipliers 0.25, 0.5, ..., 1.5 as quarters; multiples of 8 would leave too few choices. */
    private static final int[] QUARTERS = WidthChoices.range(1, 6);

    private BuiltInSpaces() {
    }

    static List<SearchSpace> all() {
        return List.of(mobileNetV1(), fmnistSmall(), cifar10Small());
    }

    /** docs/methods/aows.md, "The space": the AOWS MobileNet-V1 space at 224x224. */
    static SearchSpace mobileNetV1() {
        int[] baseWidths = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
        int[] strides = {2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
        List<LayerSpec> layers = chain(224, baseWidths, strides, AOWS_TENTHS, 10, 8);
        return new SearchSpace("mobilenet-v1-224",
                "AOWS MobileNet-V1 at 224x224x3: a 3x3 conv then 13 depthwise-separable 3x3 blocks, global pooling"
                        + " and a 1000-way classifier; widths are base x 0.2..1.5 rounded to multiples of 8",
                3, 224, 1000, layers);
    }

    /** A small chain for 28x28 grey images (Fashion-MNIST) that trains on a couple of CPU cores in minutes. */
    static SearchSpace fmnistSmall() {
        int[] baseWidths = {16, 32, 64, 64, 128};
        int[] strides = {2, 1, 2, 1, 2};
        List<LayerSpec> layers = chain(28, baseWidths, strides, QUARTERS, 4, 4);
        return new SearchSpace("fmnist-small",
                "Small MobileNet-style chain for 28x28x1 images and 10 classes: a 3x3 conv then 4 depthwise-separable"
                        + " 3x3 blocks; widths are base x 0.25..1.5 rounded to multiples of 4",
                1, 28, 10, layers);
    }

    /** A small chain for 32x32 colour images (CIFAR-10). */
    static SearchSpace cifar10Small() {
        int[] baseWidths = {32, 64, 128, 128, 256, 256};
        int[] strides = {1, 2, 1, 2, 1, 2};
        List<LayerSpec> layers = chain(32, baseWidths, strides, QUARTERS, 4, 8);
        return new SearchSpace("cifar10-small",
                "Small MobileNet-style chain for 32x32x3 images and 10 classes: a 3x3 conv then 5 depthwise-separable"
                        + " 3x3 blocks; widths are base x 0.25..1.5 rounded to multiples of 8",
                3, 32, 10, layers);
    }

    /** Layer 1 a full 3x3 conv, the rest 3x3 depthwise-separable blocks; resolutions follow the strides. */
    private static List<LayerSpec> chain(int inputResolution, int[] baseWidths, int[] strides, int[] numerators,
                                         int denominator, int divisor) {
        List<LayerSpec> layers = new ArrayList<>();
        int resolution = inputResolution;
        for (int i = 0; i < baseWidths.length; i++) {
            LayerKind kind = i == 0 ? LayerKind.CONV : LayerKind.DEPTHWISE_SEPARABLE;
            LayerSpec layer = new LayerSpec(kind, 3, strides[i], resolution, baseWidths[i],
                    WidthChoices.scaled(baseWidths[i], numerators, denominator, divisor));
            layers.add(layer);
            resolution = layer.outputResolution();
        }
        return layers;
    }
}
