package dev.slimfit.core.space;

/**
 * The one place that decides whether a width configuration belongs to a search space. Every public search-core
 * entry point that takes widths ({@code int[]}, one output width per layer) calls {@link #validate}.
 */
public final class ConfigurationValidator {

    private ConfigurationValidator() {
    }

    /**
     * Checks length and that every width is one of its layer's choices.
     *
     * @throws InvalidConfigurationException naming the first wrong layer and value, and what is allowed
     */
    public static void validate(SearchSpace space, int[] widths) {
        choiceIndices(space, widths);
    }

    /** Validates and maps widths to their positions in each layer's choice list. */
    public static int[] choiceIndices(SearchSpace space, int[] widths) {
        if (widths == null) {
            throw new InvalidConfigurationException(-1, 0, "configuration is missing: expected "
                    + space.layerCount() + " widths for search space " + space.name());
        }
        if (widths.length != space.layerCount()) {
            throw new InvalidConfigurationException(-1, widths.length, "configuration has " + widths.length
                    + " widths but search space " + space.name() + " has " + space.layerCount() + " layers");
        }
        int[] choices = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            LayerSpec layer = space.layer(i);
            int index = layer.widthChoices().indexOf(widths[i]);
            if (index < 0) {
                throw new InvalidConfigurationException(i, widths[i], "layer index " + i + " (layer " + (i + 1)
                        + " of " + space.layerCount() + ", " + describe(layer) + ") cannot have width " + widths[i]
                        + "; allowed widths are " + layer.widthChoices());
            }
            choices[i] = index;
        }
        return choices;
    }

    /** Maps choice positions back to widths; the inverse of {@link #choiceIndices}. */
    public static int[] widths(SearchSpace space, int[] choiceIndices) {
        if (choiceIndices.length != space.layerCount()) {
            throw new IllegalArgumentException("expected " + space.layerCount() + " choice indices, got "
                    + choiceIndices.length);
        }
        int[] widths = new int[choiceIndices.length];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = space.layer(i).widthChoices().get(choiceIndices[i]);
        }
        return widths;
    }

    private static String describe(LayerSpec layer) {
        return layer.kind() + " " + layer.kernel() + "x" + layer.kernel() + " stride " + layer.stride() + " at "
                + layer.inputResolution() + "x" + layer.inputResolution();
    }
}
