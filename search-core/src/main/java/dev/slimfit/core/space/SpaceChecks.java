package dev.slimfit.core.space;

/** Structural checks every algorithm in search-core relies on (ascending distinct positive widths, a chain). */
final class SpaceChecks {

    private SpaceChecks() {
    }

    static void requireWellFormed(SearchSpace space) {
        if (space.layerCount() == 0) {
            throw new IllegalArgumentException("search space " + space.name() + " has no layers");
        }
        if (space.inputChannels() <= 0 || space.classCount() <= 0) {
            throw new IllegalArgumentException("search space " + space.name()
                    + " needs positive input channels and class count");
        }
        for (int i = 0; i < space.layerCount(); i++) {
            LayerSpec layer = space.layer(i);
            if (layer.widthChoices().isEmpty()) {
                throw new IllegalArgumentException("layer index " + i + " of " + space.name() + " has no width choices");
            }
            int previous = 0;
            for (int width : layer.widthChoices()) {
                if (width <= previous) {
                    throw new IllegalArgumentException("layer index " + i + " of " + space.name()
                            + " must list positive widths in strictly ascending order: " + layer.widthChoices());
                }
                previous = width;
            }
            if (layer.kernel() <= 0 || layer.stride() <= 0 || layer.inputResolution() <= 0) {
                throw new IllegalArgumentException("layer index " + i + " of " + space.name()
                        + " needs positive kernel, stride and input resolution");
            }
        }
    }
}
