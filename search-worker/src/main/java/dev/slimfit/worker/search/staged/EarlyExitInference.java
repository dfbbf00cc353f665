package dev.slimfit.worker.search.staged;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;

/**
 * Real early-exit inference of one input: the stem, then stage by stage, each exit's head, and a stop at the first
 * exit whose largest softmax probability reaches its threshold. Later stages are never computed for an input that
 * leaves early, so this is what saves time (not only counted MACs); the batched {@link StagedEvaluation#score} plus
 * {@link ExitPolicy} reproduce its decisions for a whole set at once.
 */
public final class EarlyExitInference {

    private EarlyExitInference() {
    }

    /** The class answered and the exit it was answered at. */
    public record Answer(int predicted, int exit) {
    }

    /** Runs {@code input} (batch 1, left open) through {@code network} under {@code thresholds}. */
    public static Answer run(StagedNetwork network, StagedConfiguration configuration, double[] thresholds,
                             NDArray input, NDManager parent) {
        int last = network.space().stageCount() - 1;
        try (GradMode ignored = GradMode.inference(); NDManager manager = parent.newSubManager()) {
            NDArray x = network.stem(manager, input, false, StagedNetwork.BATCH_NORM_MOMENTUM);
            for (int k = 0; ; k++) {
                x = network.stage(manager, k, x, configuration, false, StagedNetwork.BATCH_NORM_MOMENTUM);
                NDArray logits = network.head(manager, k, x, configuration);
                NDArray probabilities = TorchOps.softmax(logits);
                float[] values = probabilities.toFloatArray();
                probabilities.close();
                logits.close();
                int top = 0;
                for (int c = 1; c < values.length; c++) {
                    if (values[c] > values[top]) {
                        top = c;
                    }
                }
                if (k == last || values[top] >= thresholds[k]) {
                    x.close();
                    return new Answer(top, k);
                }
            }
        }
    }
}
