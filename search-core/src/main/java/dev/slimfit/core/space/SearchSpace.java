package dev.slimfit.core.space;

import java.util.List;

/**
 * A chain of searchable layers followed by global pooling and a fixed classifier of {@code classCount} outputs.
 * A configuration picks one width per layer ({@code int[]} of length {@link #layerCount()}).
 */
public record SearchSpace(String name, String description, int inputChannels, int inputResolution, int classCount,
                          List<LayerSpec> layers) {

    public SearchSpace {
        layers = List.copyOf(layers);
    }

    public int layerCount() {
        return layers.size();
    }

    public LayerSpec layer(int index) {
        return layers.get(index);
    }

    /** The configuration taking every layer's smallest width. */
    public int[] smallest() {
        return layers.stream().mapToInt(LayerSpec::minWidth).toArray();
    }

    /** The configuration taking every layer's largest width. */
    public int[] largest() {
        return layers.stream().mapToInt(LayerSpec::maxWidth).toArray();
    }
}
