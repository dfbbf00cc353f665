package dev.slimfit.worker.search.staged;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training steps of early-exit networks, every exit head trained in each.
 * <ul>
 *   <li>{@link #supernet}: a sandwich step of the weight-shared supernet. The largest configuration learns from the
 *       labels at every exit; its final exit's probabilities (detached) then teach the smallest configuration and
 *       {@code sampled} uniformly drawn ones, each exit of which learns {@code (1 - w) * CE(label) + w *
 *       CE(teacher)}. Gradients of all of them accumulate, then one SGD update. The students' losses are averaged,
 *       not summed ({@code L = L(largest) + mean_s L(s)}, as the chain supernet's {@code SandwichStep} does):
 *       summed, three students' gradients on the shared weights outweighed the largest configuration's own label
 *       gradient three to one, and on a short run the largest network learned at a fraction of a plain network's
 *       speed.</li>
 *   <li>{@link #plain}: one configuration (a fine-tune), each exit weighted, against the batch's targets when it
 *       carries them (a teacher mix) or the labels.</li>
 * </ul>
 * Both clip the gradients to a global norm of {@value #MAX_GRADIENT_NORM} and skip a step whose gradients are not
 * finite ({@link Sgd#stepClipped}).
 */
public final class StagedSteps {

    public static final String LOSS_LARGEST = "largest";
    public static final String LOSS_SAMPLED = "sampled";
    public static final String LOSS_EXITS = "exits";
    /**
     * Gradients are clipped to this global norm: even at half rate with a warm-up, a tiny job's sandwich step
     * (every exit of four configurations summed) now and then took one huge step and diverged to NaN.
     */
    static final double MAX_GRADIENT_NORM = 5.0;

    private final StagedNetwork network;
    private final Sgd optimizer;
    private final NDArray one;

    /** @param constants owns the backward seeds for the life of the training run */
    public StagedSteps(StagedNetwork network, Sgd optimizer, NDManager constants) {
        this.network = network;
        this.optimizer = optimizer;
        this.one = constants.create(1f);
    }

    /**
     * One sandwich step over {@code space}'s configurations (the network's space, possibly with fewer resolutions).
     *
     * @param random draws the sampled configurations (seed it per step for a reproducible, resumable run)
     */
    public Map<String, Double> supernet(NDManager step, Batch batch, StagedSpace space, int sampled,
                                        double distillation, float learningRate, Random random) {
        Map<String, Double> losses = new LinkedHashMap<>();
        double sampledSum = 0;
        int sampledCount = 0;
        try (GradMode recording = GradMode.recording()) {
            NDArray[] logits = network.forward(step, batch.images(), space.largest(), true);
            NDArray last = TorchOps.detach(logits[logits.length - 1]);
            NDArray teacher = TorchOps.softmax(last);
            last.close();
            NDArray largest = ExitLosses.sum(logits, null, batch.labels(), null, 0);
            TorchOps.backward(largest, one);
            losses.put(LOSS_LARGEST, value(largest));
            List<StagedConfiguration> students = new java.util.ArrayList<>();
            students.add(space.smallest());
            for (int s = 0; s < sampled; s++) {
                students.add(space.random(random));
            }
            NDArray studentSeed = step.create(1f / students.size());
            for (StagedConfiguration student : students) {
                NDArray[] studentLogits = network.forward(step, batch.images(), student, true);
                NDArray loss = ExitLosses.sum(studentLogits, null, batch.labels(), teacher, distillation);
                TorchOps.backward(loss, studentSeed);
                sampledSum += value(loss);
                sampledCount++;
            }
            teacher.close();
        }
        optimizer.stepClipped(learningRate, MAX_GRADIENT_NORM);
        losses.put(LOSS_SAMPLED, sampledSum / sampledCount);
        return losses;
    }

    /**
     * One step of {@code configuration}; returns the weighted sum of the exit losses before the update.
     *
     * @param exitWeights weight per exit (0 leaves an exit untrained; null trains all alike)
     */
    public double plain(NDManager step, Batch batch, StagedConfiguration configuration, double[] exitWeights,
                        float learningRate) {
        int exits = network.space().stageCount();
        if (exitWeights != null) {
            exits = 0;
            for (int k = 0; k < exitWeights.length; k++) {
                if (exitWeights[k] > 0) {
                    exits = k + 1;
                }
            }
        }
        double loss;
        try (GradMode recording = GradMode.recording()) {
            NDArray[] logits = network.forward(step, batch.images(), configuration, exits, true,
                    StagedNetwork.BATCH_NORM_MOMENTUM);
            NDArray total = ExitLosses.sum(logits, exitWeights, batch.labels(), batch.targets(),
                    batch.targets() == null ? 0 : 1);
            TorchOps.backward(total, one);
            loss = value(total);
        }
        optimizer.stepClipped(learningRate, MAX_GRADIENT_NORM);
        return loss;
    }

    /**
     * The loss on the host.
     *
     * @throws IllegalStateException if it is not finite: the run diverged, and every later figure would be noise
     *                               (a network with NaN weights answers class 0 for every image)
     */
    private static double value(NDArray scalar) {
        NDArray detached = TorchOps.detach(scalar);
        double v = detached.getFloat();
        detached.close();
        scalar.close();
        if (!Double.isFinite(v)) {
            throw new IllegalStateException("early-exit training diverged: loss " + v);
        }
        return v;
    }
}
