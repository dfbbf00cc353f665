package dev.slimfit.worker.search.staged;

import ai.djl.ndarray.NDArray;
import dev.slimfit.worker.search.nn.TorchOps;

/**
 * Losses of an early-exit network's exits, as scalar arrays that keep their autograd graph: the weighted sum over
 * the exits trained of each exit's loss, as MSDNet trains its classifiers. Each exit learns from the labels, from a
 * teacher's probabilities, or from a mix {@code (1 - w) * CE(label) + w * CE(teacher)}.
 * <p>
 * A sum, not a mean: the last stage and its head are reached by the last exit's loss alone, so dividing by the
 * number of exits ran them at a third of the rate a chain network's layers get from the same engine rate (on
 * fmnist-stages, 2 epochs on 4,000 images, the largest configuration every exit trained: 71% test accuracy with the
 * mean, 75% with the sum, at the shared rate 0.2 per 128 images).
 */
public final class ExitLosses {

    private ExitLosses() {
    }

    /**
     * @param logits     logits per exit (closed here)
     * @param weights    weight of each exit in the sum (0 skips an exit); null weighs every exit 1
     * @param labels     (N, 1) int64 labels
     * @param teacher    (N, K) teacher probabilities (detached), or null for labels only
     * @param distill    teacher share {@code w} in [0, 1] where a teacher is given
     * @return the scalar loss, attached to the logits' manager
     */
    public static NDArray sum(NDArray[] logits, double[] weights, NDArray labels, NDArray teacher, double distill) {
        NDArray total = null;
        for (int k = 0; k < logits.length; k++) {
            double weight = weights == null ? 1 : weights[k];
            if (weight <= 0) {
                logits[k].close();
                continue;
            }
            NDArray logProbabilities = TorchOps.logSoftmax(logits[k]);
            logits[k].close();
            NDArray loss = exitLoss(logProbabilities, labels, teacher, distill);
            logProbabilities.close();
            if (weight != 1) {
                NDArray scaled = loss.mul((float) weight);
                loss.close();
                loss = scaled;
            }
            if (total == null) {
                total = loss;
            } else {
                NDArray sum = total.add(loss);
                total.close();
                loss.close();
                total = sum;
            }
        }
        if (total == null) {
            throw new IllegalArgumentException("no exit has a positive weight");
        }
        return total;
    }

    private static NDArray exitLoss(NDArray logProbabilities, NDArray labels, NDArray teacher, double distill) {
        if (teacher == null || distill <= 0) {
            return crossEntropy(logProbabilities, labels);
        }
        NDArray soft = softCrossEntropy(teacher, logProbabilities);
        if (distill >= 1) {
            return soft;
        }
        NDArray hard = crossEntropy(logProbabilities, labels);
        NDArray softPart = soft.mul((float) distill);
        NDArray hardPart = hard.mul((float) (1 - distill));
        soft.close();
        hard.close();
        NDArray mixed = softPart.add(hardPart);
        softPart.close();
        hardPart.close();
        return mixed;
    }

    static NDArray crossEntropy(NDArray logProbabilities, NDArray labels) {
        NDArray picked = TorchOps.gatherColumns(logProbabilities, labels);
        NDArray mean = TorchOps.mean(picked);
        picked.close();
        NDArray loss = TorchOps.neg(mean);
        mean.close();
        return loss;
    }

    static NDArray softCrossEntropy(NDArray teacher, NDArray logProbabilities) {
        NDArray products = TorchOps.mul(teacher, logProbabilities);
        NDArray perImage = TorchOps.sumRows(products);
        products.close();
        NDArray mean = TorchOps.mean(perImage);
        perImage.close();
        NDArray loss = TorchOps.neg(mean);
        mean.close();
        return loss;
    }
}
