package dev.slimfit.core.space.staged;

import java.util.List;

/** Shared checks for choice lists: every list a staged space offers is non-empty, positive, strictly ascending. */
final class Choices {

    private Choices() {
    }

    /** A copy of {@code values}, after checking it is non-empty, positive and strictly ascending. */
    static List<Integer> ascending(String what, List<Integer> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        List<Integer> copy = List.copyOf(values);
        int previous = 0;
        for (int value : copy) {
            if (value <= previous) {
                throw new IllegalArgumentException(what + " must be positive and strictly ascending: " + copy);
            }
            previous = value;
        }
        return copy;
    }

    static int first(List<Integer> values) {
        return values.get(0);
    }

    static int last(List<Integer> values) {
        return values.get(values.size() - 1);
    }

    /** Spatial size with "same" padding: ceil(input / stride), as {@code LayerSpec.outputResolution} computes it. */
    static int outputResolution(int inputResolution, int stride) {
        return (inputResolution + stride - 1) / stride;
    }
}
