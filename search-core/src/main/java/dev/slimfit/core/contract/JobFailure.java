package dev.slimfit.core.contract;

/** A typed failure with a human-readable reason. */
public record JobFailure(FailureType type, String message) {
}
