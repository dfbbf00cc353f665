package dev.slimfit.worker.search.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The job's checkpoint in its work directory: one file, {@value #FILE_NAME}, replaced atomically (written to a
 * temporary file in the same directory, flushed to disk, then renamed over the old one), so a worker killed at any
 * moment leaves either the previous checkpoint or the new one, never a torn file.
 * <p>
 * Layout: magic {@code SLIMFIT-CKPT-2}, then four length-prefixed sections (state JSON, network parameters,
 * optimiser state, distillation targets, possibly empty), then a CRC-32 of everything before it. Files of the first
 * layout ({@code SLIMFIT-CKPT-1}: the first three sections only) are still read. A file that fails the check is
 * moved aside ({@code checkpoint.bin.corrupt}) and the job starts over rather than resuming from garbage.
 */
public final class CheckpointFile {

    public static final String FILE_NAME = "checkpoint.bin";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private static final byte[] MAGIC = "SLIMFIT-CKPT-2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC_V1 = "SLIMFIT-CKPT-1".getBytes(StandardCharsets.US_ASCII);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private final Path file;

    public CheckpointFile(Path workDir) {
        this.file = workDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Writes {@code checkpoint} atomically, replacing any previous one. */
    public void write(Checkpoint checkpoint) {
        byte[] content = encode(checkpoint);
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /**
     * The stored checkpoint, if there is a readable one.
     *
     * @throws UncheckedIOException if the file exists but cannot be read at all
     */
    public Optional<Checkpoint> read() {
        if (!exists()) {
            return Optional.empty();
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        try {
            return Optional.of(decode(content));
        } catch (IOException | JacksonException | IllegalStateException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".corrupt");
            LOG.warn("checkpoint {} is unreadable ({}); moved to {} and starting over", file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                throw new UncheckedIOException("cannot move unreadable checkpoint " + file + " aside", moveFailure);
            }
            return Optional.empty();
        }
    }

    /** Removes the checkpoint (a job that must start over). */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete checkpoint " + file, e);
        }
    }

    private static byte[] encode(Checkpoint checkpoint) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                checkpoint.network().length + checkpoint.optimizer().length + checkpoint.targets().length + 64 * 1024);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            byte[] state = JSON.writeValueAsBytes(checkpoint.state());
            out.writeLong(state.length);
            out.write(state);
            out.writeLong(checkpoint.network().length);
            out.write(checkpoint.network());
            out.writeLong(checkpoint.optimizer().length);
            out.write(checkpoint.optimizer());
            out.writeLong(checkpoint.targets().length);
            out.write(checkpoint.targets());
            CRC32 crc = new CRC32();
            out.flush();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a checkpoint in memory failed", e);
        }
        return buffer.toByteArray();
    }

    private static Checkpoint decode(byte[] content) throws IOException {
        byte[] magic = Arrays.copyOf(content, MAGIC.length);
        boolean current = Arrays.equals(magic, MAGIC);
        if (content.length < MAGIC.length + 8 || !(current || Arrays.equals(magic, MAGIC_V1))) {
            throw new IllegalStateException("not a Slimfit checkpoint (bad magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 8);
        long stored = ByteBuffer.wrap(content, content.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IllegalStateException("checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content, MAGIC.length,
                content.length - MAGIC.length - 8))) {
            CheckpointState state = JSON.readValue(section(in), CheckpointState.class);
            byte[] network = section(in);
            byte[] optimizer = section(in);
            byte[] targets = current ? section(in) : new byte[0];
            return new Checkpoint(state, network, optimizer, targets);
        } catch (EOFException e) {
            throw new IllegalStateException("truncated", e);
        }
    }

    private static byte[] section(DataInputStream in) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("section length " + length + " out of range");
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        return bytes;
    }
}
