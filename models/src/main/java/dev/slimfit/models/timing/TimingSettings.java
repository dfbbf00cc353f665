package dev.slimfit.models.timing;

import java.util.List;

/**
 * Everything that was pinned while a measurement ran; stored with it so that timings taken under different
 * settings are never fitted into one latency table.
 *
 * @param engineName     DJL engine ({@code PyTorch})
 * @param engineVersion  libtorch version
 * @param nativeFlavor   libtorch build ({@code cpu}, {@code cu128})
 * @param device         DJL device the network ran on ({@code cpu()}, {@code gpu(0)})
 * @param dataType       element type of inputs and weights
 * @param inputShape     NCHW shape of one timed batch
 * @param batchSize      images per forward
 * @param intraOpThreads libtorch intra-op threads during the measurement
 * @param interOpThreads libtorch inter-op threads during the measurement
 * @param warmupRuns     untimed forwards before timing
 * @param timedRuns      timed forwards
 */
public record TimingSettings(String engineName, String engineVersion, String nativeFlavor, String device,
                             String dataType, List<Long> inputShape, int batchSize, int intraOpThreads,
                             int interOpThreads, int warmupRuns, int timedRuns) {

    public TimingSettings {
        inputShape = List.copyOf(inputShape);
    }
}
