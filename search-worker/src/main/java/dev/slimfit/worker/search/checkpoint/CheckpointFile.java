package dev.slimfit.worker.search.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The job's checkpoint in its work directory: one file, {@value #FILE_NAME}, replaced atomically (written to a
 * temporary file in the same directory, flushed to disk, then renamed over the old one), so a worker killed at any
 * moment leaves either the previous checkpoint or the new one, never a torn file.
 * <p>
 * Layout: magic {@code SLIMFIT-CKPT-3}, the header as a length-prefixed JSON section, the number of method sections,
 * then each as its name (modified UTF-8) and length-prefixed bytes, then a CRC-32 of everything before it. A file that
 * fails the check, or was written in an older layout, is moved aside ({@code checkpoint.bin.corrupt}) and the job
 * starts over rather than resuming from something it cannot read.
 */
public final class CheckpointFile {

    public static final String FILE_NAME = "checkpoint.bin";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private static final byte[] MAGIC = "SLIMFIT-CKPT-3".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SECTIONS = 64;
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
        long size = 64 * 1024;
        for (byte[] section : checkpoint.sections().values()) {
            size += section.length + 64;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, size));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            byte[] header = StateJson.write(checkpoint.header());
            out.writeLong(header.length);
            out.write(header);
            out.writeInt(checkpoint.sections().size());
            for (Map.Entry<String, byte[]> section : checkpoint.sections().entrySet()) {
                out.writeUTF(section.getKey());
                out.writeLong(section.getValue().length);
                out.write(section.getValue());
            }
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
        if (content.length < MAGIC.length + 8 || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
            throw new IllegalStateException("not a Slimfit checkpoint of layout 3 (bad magic or an older worker's)");
        }
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 8);
        long stored = ByteBuffer.wrap(content, content.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IllegalStateException("checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content, MAGIC.length,
                content.length - MAGIC.length - 8))) {
            CheckpointHeader header = StateJson.read(section(in), CheckpointHeader.class);
            int count = in.readInt();
            if (count < 0 || count > MAX_SECTIONS) {
                throw new IllegalStateException("section count " + count + " out of range");
            }
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                sections.put(name, section(in));
            }
            return new Checkpoint(header, sections);
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
