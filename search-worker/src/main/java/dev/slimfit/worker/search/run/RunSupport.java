package dev.slimfit.worker.search.run;

import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.search.checkpoint.CheckpointState;
import dev.slimfit.worker.search.sample.UnaryEvidence;

import java.util.Map;

/** Small pieces both run types share. */
final class RunSupport {

    private RunSupport() {
    }

    static Position positionOf(CheckpointState state) {
        return new Position(state.completedEpochs(), state.stepInEpoch(), state.globalStep(), state.phaseStep(),
                state.phaseSeconds(), state.phaseImages());
    }

    /** "cuda" when the engine trains on a GPU, else "cpu". */
    static String backend() {
        return OfflinePyTorch.defaultDevice().isGpu() ? "cuda" : "cpu";
    }

    /** Share of (layer, width) pairs with any unary evidence. */
    static double sampledShare(UnaryEvidence evidence) {
        long sampled = 0;
        long total = 0;
        for (long[] layer : evidence.sampleCounts()) {
            for (long count : layer) {
                total++;
                sampled += count > 0 ? 1 : 0;
            }
        }
        return total == 0 ? 0 : (double) sampled / total;
    }

    static void putDataMetrics(RunContext context, Map<String, Double> metrics) {
        metrics.put("trainImages", (double) context.train().size());
        metrics.put("validationImages", (double) context.validation().size());
        metrics.put("testImages", (double) context.test().size());
    }
}
