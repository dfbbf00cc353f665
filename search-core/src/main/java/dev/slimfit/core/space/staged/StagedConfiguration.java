package dev.slimfit.core.space.staged;

import java.util.List;
import java.util.Objects;

/**
 * One network of a {@link StagedSpace}: the input resolution and one {@link StageChoice} per stage. Plain record
 * components only, so any JSON record mapper reads and writes it as
 * {@code {"resolution": 224, "stages": [{"depth": 2, "kernel": 5, "width": 128}, ...]}}. Whether it belongs to a
 * space is decided by {@link StagedSpace#validate}, not here.
 *
 * @param resolution input resolution (square)
 * @param stages     one choice per stage, in order
 */
public record StagedConfiguration(int resolution, List<StageChoice> stages) {

    public StagedConfiguration {
        Objects.requireNonNull(stages, "stages");
        stages = List.copyOf(stages);
    }

    public int stageCount() {
        return stages.size();
    }

    public StageChoice stage(int index) {
        return stages.get(index);
    }
}
