package dev.slimfit.core.space.staged;

import java.util.List;

/** A three-stage space small enough to cost by hand; shared by the staged-space and staged-cost tests. */
public final class TinyStagedSpace {

    private TinyStagedSpace() {
    }

    /**
     * 1 input channel, 3 classes, resolutions 6 or 8, stem 3x3 stride 2 width 2; stage 0 stride 1, stage 1 stride 2,
     * stage 2 stride 2.
     */
    public static StagedSpace withStem() {
        return space(new StemSpec(3, 2, 2));
    }

    /** The same stages without a stem: stage 0 reads the single input channel at full resolution. */
    public static StagedSpace withoutStem() {
        return space(null);
    }

    private static StagedSpace space(StemSpec stem) {
        BlockKind ds = BlockKind.DEPTHWISE_SEPARABLE;
        return new StagedSpace("tiny-stages", "three tiny stages", 1, 3, List.of(6, 8), stem, List.of(
                new StageSpec(1, List.of(1, 2), List.of(3), List.of(2, 4), ds),
                new StageSpec(2, List.of(1, 2), List.of(3, 5), List.of(4), ds),
                new StageSpec(2, List.of(1), List.of(3), List.of(6), ds)));
    }
}
