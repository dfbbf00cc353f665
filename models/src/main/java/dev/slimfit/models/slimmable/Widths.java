package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Leading-channel slices of a widest-width parameter. {@code NDArray.get} with plain slices returns a view of the
 * parameter (PyTorch {@code narrow}), never a copy: gradients flow into, and in-place batch-norm statistic updates
 * land in, the shared storage.
 */
final class Widths {

    private Widths() {
    }

    static void requireWithin(String what, long width, long allocated) {
        if (width <= 0 || width > allocated) {
            throw new IllegalArgumentException(what + " " + width + " outside the allocated 1.." + allocated);
        }
    }

    /** The first {@code rows} entries along axis 0 (the whole array when nothing is cut). */
    static NDArray firstRows(NDArray full, long rows) {
        return rows == full.getShape().get(0) ? full : full.get(new NDIndex(":{}", rows));
    }

    /** The first {@code rows} along axis 0 and first {@code columns} along axis 1. */
    static NDArray firstRowsAndColumns(NDArray full, long rows, long columns) {
        if (rows == full.getShape().get(0) && columns == full.getShape().get(1)) {
            return full;
        }
        return full.get(new NDIndex(":{}, :{}", rows, columns));
    }
}
