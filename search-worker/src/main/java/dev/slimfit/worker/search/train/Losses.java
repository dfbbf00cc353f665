package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import dev.slimfit.worker.search.nn.TorchOps;

/**
 * The two losses of in-place distillation, as scalar arrays that keep their autograd graph. Intermediate handles
 * are closed at once (see {@code ChainNetwork#forward} for why).
 */
public final class Losses {

    private Losses() {
    }

    /** Mean hard-label cross-entropy of log-probabilities against labels given as an (N, 1) int64 column. */
    public static NDArray crossEntropy(NDArray logProbabilities, NDArray labelColumn) {
        NDArray picked = TorchOps.gatherColumns(logProbabilities, labelColumn);
        NDArray mean = TorchOps.mean(picked);
        picked.close();
        NDArray loss = TorchOps.neg(mean);
        mean.close();
        return loss;
    }

    /**
     * Mean soft cross-entropy {@code -sum_k p_k log q_k} against a teacher's probabilities (detached, so only the
     * student learns). Equals the KL divergence up to the teacher's entropy, which has no gradient.
     */
    public static NDArray softCrossEntropy(NDArray teacherProbabilities, NDArray studentLogProbabilities) {
        NDArray products = TorchOps.mul(teacherProbabilities, studentLogProbabilities);
        NDArray perImage = TorchOps.sumRows(products);
        products.close();
        NDArray mean = TorchOps.mean(perImage);
        perImage.close();
        NDArray loss = TorchOps.neg(mean);
        mean.close();
        return loss;
    }
}
