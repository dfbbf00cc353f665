package dev.slimfit.core.space.staged;

import dev.slimfit.core.space.WidthChoices;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The staged spaces Slimfit ships with, by name, in a stable order. */
public final class StagedSpaces {

    /** Width multipliers 0.5, 0.75, 1.0, 1.25 as quarters, rounded to multiples of 8 as in the chain spaces. */
    private static final int[] QUARTERS = WidthChoices.range(2, 5);

    private static final List<StagedSpace> BUILT_IN = List.of(fmnistStages(), mobileNetStages224());

    static {
        Set<String> names = new HashSet<>();
        for (StagedSpace space : BUILT_IN) {
            if (!names.add(space.name())) {
                throw new IllegalStateException("duplicate staged space name " + space.name());
            }
        }
    }

    private StagedSpaces() {
    }

    /** {@code fmnist-stages} and {@code mobilenet-stages-224}, in that order. */
    public static List<StagedSpace> builtIn() {
        return BUILT_IN;
    }

    public static Optional<StagedSpace> find(String name) {
        return BUILT_IN.stream().filter(space -> space.name().equals(name)).findFirst();
    }

    /**
     * Three small stages for 28x28 grey images (Fashion-MNIST): exits at 14x14, 7x7 and 7x7. The largest network is
     * under a million MACs, so a supernet over it trains in minutes on two CPU cores.
     */
    static StagedSpace fmnistStages() {
        BlockKind ds = BlockKind.DEPTHWISE_SEPARABLE;
        return new StagedSpace("fmnist-stages",
                "Early-exit space for 28x28x1 images and 10 classes: a fixed 3x3 conv (8 channels), then 3 stages of"
                        + " 1-2 depthwise-separable blocks with 3x3 or 5x5 kernels, each stage followed by an exit"
                        + " head (global pooling and a linear classifier)",
                1, 10, List.of(28), new StemSpec(3, 1, 8), List.of(
                        new StageSpec(2, List.of(1, 2), List.of(3, 5), List.of(8, 12, 16), ds),
                        new StageSpec(2, List.of(1, 2), List.of(3, 5), List.of(16, 24, 32), ds),
                        new StageSpec(1, List.of(1, 2), List.of(3, 5), List.of(32, 48, 64), ds)));
    }

    /**
     * MobileNet-V1's layout cut into five stages at 56, 28, 14, 14 and 7 pixels (at 224), with base widths 128, 256,
     * 512, 512, 1024 scaled by 0.5..1.25, up to four blocks and 3x3..7x7 kernels per stage.
     */
    static StagedSpace mobileNetStages224() {
        int[] baseWidths = {128, 256, 512, 512, 1024};
        int[] strides = {2, 2, 2, 1, 2};
        List<StageSpec> stages = new ArrayList<>();
        for (int i = 0; i < baseWidths.length; i++) {
            stages.add(new StageSpec(strides[i], List.of(1, 2, 3, 4), List.of(3, 5, 7),
                    WidthChoices.scaled(baseWidths[i], QUARTERS, 4, 8), BlockKind.DEPTHWISE_SEPARABLE));
        }
        return new StagedSpace("mobilenet-stages-224",
                "Early-exit MobileNet-style space for 3-channel images and 1000 classes at 160, 192 or 224 pixels:"
                        + " a fixed 3x3 stride-2 conv (32 channels), then 5 stages of 1-4 depthwise-separable blocks"
                        + " with 3x3, 5x5 or 7x7 kernels and MobileNet-V1 widths x 0.5..1.25, each stage followed by"
                        + " an exit head",
                3, 1000, List.of(160, 192, 224), new StemSpec(3, 2, 32), stages);
    }
}
