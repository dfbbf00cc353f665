package dev.slimfit.models.data;

import dev.slimfit.core.contract.FailureType;

import java.nio.file.Path;

/**
 * A dataset is missing, empty or malformed. Raised while reading, before any training starts, so a worker can fail
 * the job with {@link #failureType()} and a reason the user can act on (the message names the file and the fault).
 */
public class InvalidDatasetException extends RuntimeException {

    private final transient Path source;

    /** @param source the file or folder at fault; null when the data did not come from one path */
    public InvalidDatasetException(Path source, String reason) {
        super(describe(source, reason));
        this.source = source;
    }

    public InvalidDatasetException(Path source, String reason, Throwable cause) {
        super(describe(source, reason), cause);
        this.source = source;
    }

    private static String describe(Path source, String reason) {
        return source == null ? "dataset " + reason : source + ": " + reason;
    }

    /** The file or folder at fault, or null. */
    public Path source() {
        return source;
    }

    /** Always {@link FailureType#BAD_DATASET}: the user's data, not the worker, is at fault. */
    public FailureType failureType() {
        return FailureType.BAD_DATASET;
    }
}
