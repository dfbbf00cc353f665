package dev.slimfit.core.space;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A typed width configuration of a chain {@link SearchSpace}: one output width per layer. The algorithms keep
 * working on {@code int[]} ({@link #toArray()}); this record exists for APIs and stored results, where a plain record
 * component serialises naturally with any JSON record mapper as {@code {"widths": [8, 16, ...]}}.
 *
 * @param widths one width per layer, in layer order
 */
public record ChainConfiguration(List<Integer> widths) {

    public ChainConfiguration {
        Objects.requireNonNull(widths, "widths");
        widths = List.copyOf(widths);
    }

    /** Copies {@code widths}; later changes to the array do not affect the configuration. */
    public static ChainConfiguration of(int[] widths) {
        Objects.requireNonNull(widths, "widths");
        return new ChainConfiguration(Arrays.stream(widths).boxed().toList());
    }

    /** A fresh array of the widths, in the form every search-core algorithm takes. */
    public int[] toArray() {
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @throws InvalidConfigurationException as {@link ConfigurationValidator#validate} does
     */
    public void validate(SearchSpace space) {
        ConfigurationValidator.validate(space, toArray());
    }
}
