package dev.slimfit.models.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's CPU thread pools. Latency depends on them as much as on the network, so the timing harness pins the
 * intra-op pool before each measurement and records both. They are process-wide: two measurements must not run
 * concurrently in one JVM. The inter-op pool can only be sized before the engine's first parallel work, hence
 * through {@code -Dai.djl.pytorch.num_interop_threads}.
 */
public final class EngineThreads {

    private EngineThreads() {
    }

    /** Sets the intra-op pool (threads one operator such as a convolution uses). */
    public static void setIntraOp(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("intra-op threads must be positive, got " + threads);
        }
        OfflinePyTorch.engine();
        JniUtils.setNumThreads(threads);
    }

    public static int intraOp() {
        OfflinePyTorch.engine();
        return JniUtils.getNumThreads();
    }

    public static int interOp() {
        OfflinePyTorch.engine();
        return JniUtils.getNumInteropThreads();
    }
}
