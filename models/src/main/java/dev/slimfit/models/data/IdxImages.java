package dev.slimfit.models.data;

/**
 * The content of an IDX3 image file: {@code count} grey images of {@code rows x columns} unsigned bytes, row-major,
 * one after another. The array is owned by the caller that read it; nothing copies 47 MB defensively.
 */
record IdxImages(int count, int rows, int columns, byte[] pixels) {
}
