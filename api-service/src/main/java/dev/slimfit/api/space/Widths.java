package dev.slimfit.api.space;

import java.util.List;

import dev.slimfit.api.error.ApiException;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.InvalidConfigurationException;
import dev.slimfit.core.space.SearchSpace;

/** Widths a caller sent for a network of a search space, checked the one way every endpoint checks them. */
public final class Widths {

    private Widths() {
    }

    /**
     * The widths as an array once they are one width per layer of {@code space}, each one of its choices; else a
     * 422 problem naming {@code field} and saying what the layer allows.
     */
    public static int[] validated(SearchSpace space, List<Integer> widths, String field) {
        requirePresent(widths, field, space.name());
        int[] w = widths.stream().mapToInt(Integer::intValue).toArray();
        try {
            ConfigurationValidator.validate(space, w);
        } catch (InvalidConfigurationException e) {
            throw ApiException.invalid(field, e.getMessage());
        }
        return w;
    }

    /** A 422 naming {@code field} unless there are widths and none is null (checked before the space is found). */
    public static void requirePresent(List<Integer> widths, String field, String spaceName) {
        if (widths == null || widths.isEmpty() || widths.contains(null)) {
            throw ApiException.invalid(field, "send one width per layer of " + spaceName);
        }
    }
}
