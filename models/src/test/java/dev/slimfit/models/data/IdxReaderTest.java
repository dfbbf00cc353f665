package dev.slimfit.models.data;

import dev.slimfit.core.contract.FailureType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {

    @TempDir
    Path folder;

    @Test
    void readsGzippedAndPlainImageFiles() throws IOException {
        byte[] content = idx(0x0803, new int[] {2, 2, 3}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 255});
        Path gzipped = write("images.gz", gzip(content));
        Path plain = write("images", content);

        for (Path file : new Path[] {gzipped, plain}) {
            IdxImages images = IdxReader.readImages(file);
            assertThat(images.count()).isEqualTo(2);
            assertThat(images.rows()).isEqualTo(2);
            assertThat(images.columns()).isEqualTo(3);
            assertThat(images.pixels()[11] & 0xff).isEqualTo(255);
        }
    }

    @Test
    void rejectsAWrongMagicNumberNamingTheFile() throws IOException {
        Path labelsAsImages = write("labels.gz", gzip(idx(0x0801, new int[] {3}, new byte[] {0, 1, 2})));

        assertThatThrownBy(() -> IdxReader.readImages(labelsAsImages))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining(labelsAsImages.toString())
                .hasMessageContaining("bad IDX magic number 0x00000801")
                .hasMessageContaining("expected 0x00000803");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path truncated = write("short.gz", gzip(idx(0x0803, new int[] {10, 28, 28}, new byte[100])));

        assertThatThrownBy(() -> IdxReader.readImages(truncated))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining(truncated.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("7840 data bytes but only 100");
    }

    @Test
    void rejectsACutGzipStream() throws IOException {
        byte[] noise = new byte[5000];
        new java.util.Random(1).nextBytes(noise);
        byte[] whole = gzip(idx(0x0801, new int[] {5000}, noise));
        Path cut = write("cut.gz", Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> IdxReader.readLabels(cut))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        Path longer = write("long", idx(0x0801, new int[] {2}, new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> IdxReader.readLabels(longer))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("bytes after the 2 data bytes");
    }

    @Test
    void rejectsEmptyNonPositiveAndMissingFiles() throws IOException {
        Path empty = write("empty", new byte[0]);
        Path zeroCount = write("zero", idx(0x0801, new int[] {0}, new byte[0]));
        Path missing = folder.resolve("absent.gz");

        assertThatThrownBy(() -> IdxReader.readLabels(empty)).hasMessageContaining("ends before its IDX header is complete");
        assertThatThrownBy(() -> IdxReader.readLabels(zeroCount)).hasMessageContaining("non-positive size 0");
        assertThatThrownBy(() -> IdxReader.readLabels(missing))
                .isInstanceOfSatisfying(InvalidDatasetException.class, e -> {
                    assertThat(e.source()).isEqualTo(missing);
                    assertThat(e.failureType()).isEqualTo(FailureType.BAD_DATASET);
                })
                .hasMessageContaining("not found");
    }

    @Test
    void fashionMnistReaderChecksLabelsAgainstImages() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(idx(0x0803, new int[] {2, 1, 1}, new byte[] {0, 1})));
        write("train-labels-idx1-ubyte.gz", gzip(idx(0x0801, new int[] {3}, new byte[] {0, 1, 2})));

        assertThatThrownBy(() -> FashionMnist.train(folder))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("holds 3 labels but train-images-idx3-ubyte.gz holds 2 images");

        write("train-labels-idx1-ubyte.gz", gzip(idx(0x0801, new int[] {2}, new byte[] {0, 12})));
        assertThatThrownBy(() -> FashionMnist.train(folder)).hasMessageContaining("label 12 at index 1");

        assertThatThrownBy(() -> FashionMnist.test(folder))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
    }

    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(folder.resolve(name), content);
    }
}
