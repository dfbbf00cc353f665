package dev.slimfit.worker.search.nn;

/**
 * Enables libtorch's autograd recording for the current thread while open, restoring the previous mode on close.
 * Used instead of DJL's {@code GradientCollector}, which also allows only one collector per JVM: libtorch's grad
 * mode is thread-local, so two searches in one worker process do not interfere.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = TorchOps.gradMode();
        TorchOps.setGradMode(enabled);
    }

    /** Records operations for backward until closed. */
    public static GradMode recording() {
        return new GradMode(true);
    }

    /** Records nothing until closed (evaluation). */
    public static GradMode inference() {
        return new GradMode(false);
    }

    @Override
    public void close() {
        TorchOps.setGradMode(previous);
    }
}
