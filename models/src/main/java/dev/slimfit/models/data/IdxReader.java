package dev.slimfit.models.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST family's format), gzipped or not: a 4-byte big-endian magic number (two zero bytes, a
 * type code, the number of dimensions), one big-endian 32-bit size per dimension, then the data. Only unsigned-byte
 * data is accepted (type code 0x08), as images with 3 dimensions and labels with 1. Every deviation (wrong magic,
 * truncated data, trailing bytes, broken gzip) fails with the file's path and what is wrong, because a silently
 * misread dataset would cost hours of GPU time before anyone noticed.
 */
public final class IdxReader {

    static final int UNSIGNED_BYTE = 0x08;
    private static final int GZIP_MAGIC = 0x1f8b;

    private IdxReader() {
    }

    /**
     * @throws InvalidDatasetException if the file is missing or is not a well-formed IDX3 unsigned-byte file
     */
    public static IdxImages readImages(Path file) {
        return read(file, 3, (in, dims) -> {
            byte[] pixels = new byte[Math.toIntExact(totalSize(file, dims))];
            readData(in, file, pixels);
            return new IdxImages(dims[0], dims[1], dims[2], pixels);
        });
    }

    /**
     * @return one unsigned byte per label
     * @throws InvalidDatasetException if the file is missing or is not a well-formed IDX1 unsigned-byte file
     */
    public static byte[] readLabels(Path file) {
        return read(file, 1, (in, dims) -> {
            byte[] labels = new byte[dims[0]];
            readData(in, file, labels);
            return labels;
        });
    }

    private interface Body<T> {
        T read(DataInputStream in, int[] dims) throws IOException;
    }

    private static <T> T read(Path file, int expectedDimensions, Body<T> body) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int[] dims = header(in, file, expectedDimensions);
            T result = body.read(in, dims);
            if (in.read() != -1) {
                throw new InvalidDatasetException(file, "has bytes after the " + totalSize(file, dims)
                        + " data bytes its header declares; the file is not what its header says");
            }
            return result;
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException(file, "file not found", e);
        } catch (ZipException e) {
            throw new InvalidDatasetException(file, "is not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new InvalidDatasetException(file, "is truncated: the compressed stream ends early", e);
        } catch (IOException e) {
            throw new InvalidDatasetException(file, "cannot be read: " + e, e);
        }
    }

    /** Opens the file, decompressing when it starts with the gzip magic bytes whatever its name. */
    private static InputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int magic = (raw.read() << 8) | raw.read();
        raw.reset();
        return magic == GZIP_MAGIC ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static int[] header(DataInputStream in, Path file, int expectedDimensions) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new InvalidDatasetException(file, "ends before its IDX header is complete (empty or truncated file)", e);
        }
        int type = (magic >>> 8) & 0xff;
        int dimensions = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dimensions != expectedDimensions) {
            throw new InvalidDatasetException(file, String.format(
                    "bad IDX magic number 0x%08X: expected 0x%08X (unsigned bytes, %d dimension%s)", magic,
                    (UNSIGNED_BYTE << 8) | expectedDimensions, expectedDimensions, expectedDimensions == 1 ? "" : "s"));
        }
        int[] dims = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new InvalidDatasetException(file, "is truncated inside its header (size of dimension " + i
                        + " missing)", e);
            }
            if (dims[i] <= 0) {
                throw new InvalidDatasetException(file, "declares a non-positive size " + dims[i] + " for dimension " + i);
            }
        }
        return dims;
    }

    private static long totalSize(Path file, int[] dims) {
        long total = 1;
        for (int dim : dims) {
            total *= dim;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidDatasetException(file, "declares " + total + " data bytes, more than one array can hold");
        }
        return total;
    }

    private static void readData(DataInputStream in, Path file, byte[] target) throws IOException {
        int read = in.readNBytes(target, 0, target.length);
        if (read < target.length) {
            throw new InvalidDatasetException(file, "is truncated: its header declares " + target.length
                    + " data bytes but only " + read + " are present");
        }
    }
}
