package dev.slimfit.worker.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.LearningRate;
import dev.slimfit.worker.search.train.PlainStep;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.Map;

/**
 * The steps of training one plain network: fine-tuning a decoded configuration (distilled from a teacher when it
 * has {@link DistillationTargets}, else with hard labels) or training a network from scratch (hard labels), under a
 * cosine learning rate over the phase, optionally after a linear warm-up.
 */
public final class PlainTraining implements EpochTraining {

    public static final String LOSS_CROSS_ENTROPY = "crossEntropy";
    public static final String LOSS_DISTILLATION = "distillation";
    static final double WARMUP_SHARE = 0.1;

    private final JobContext context;
    private final PlainStep step;
    private final int[] widths;
    private final LearningRate learningRate;
    private final NDArray targetArray;
    private final String lossName;

    /**
     * @param steps    the phase's steps in all (the schedule's length)
     * @param baseRate the phase's rate (cosine to zero over the phase)
     * @param warmup   whether the rate rises linearly over the first {@value #WARMUP_SHARE} of the steps
     *                 (fine-tuning a trained network) or starts at {@code baseRate} (training from scratch)
     * @param targets  distillation targets of the training images, or null to train on hard labels; uploaded to
     *                 {@code manager}
     */
    public PlainTraining(JobContext context, PlainStep step, int[] widths, long steps, float baseRate, boolean warmup,
                         DistillationTargets targets, NDManager manager) {
        this.context = context;
        this.step = step;
        this.widths = widths.clone();
        long scheduled = Math.max(1, steps);
        this.learningRate = new LearningRate(baseRate, scheduled,
                warmup ? (long) Math.ceil(WARMUP_SHARE * scheduled) : 0);
        this.targetArray = targets == null ? null : targets.upload(manager);
        this.lossName = lossNameFor(targets);
    }

    /**
     * A fine-tune phase's training: the chosen plain network for the phase's epochs at the engine's fine-tuning
     * rate after a warm-up, distilled where {@code targets} exist (the fine-tune of every method that decodes or
     * prunes a plain network out of a larger one).
     *
     * @return the position after the phase and its last epoch's losses
     */
    public static EpochLoop.Outcome fineTune(PhaseRun run, Block plain, Sgd optimizer, int[] widths,
                                             DistillationTargets targets, NDManager manager) {
        JobContext job = run.job();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), plain);
        PlainStep step = new PlainStep(chain, optimizer, widths, manager);
        return run.train(new PlainTraining(job, step, widths, run.steps(),
                job.settings().fineTuneLearningRateFor(job.batchSize()), true, targets, manager));
    }

    /** The loss a phase with these targets reports: {@value #LOSS_DISTILLATION} with targets, else hard-label. */
    public static String lossNameFor(DistillationTargets targets) {
        return targets == null ? LOSS_CROSS_ENTROPY : LOSS_DISTILLATION;
    }

    /** The mean-loss name this phase reports: {@value #LOSS_DISTILLATION} with targets, else hard-label. */
    public String lossName() {
        return lossName;
    }

    @Override
    public NDArray targets() {
        return targetArray;
    }

    @Override
    public Map<String, Double> step(NDManager stepManager, Batch batch, long phaseStep, long globalStep) {
        return Map.of(lossName, step.run(stepManager, batch, learningRate.at(phaseStep)));
    }

    @Override
    public ProgressSnapshot snapshot() {
        return snapshotOf(context, widths);
    }

    /** A fixed configuration and its cost in the budget's unit. */
    public static ProgressSnapshot snapshotOf(JobContext context, int[] widths) {
        return new ProgressSnapshot(Arrays.stream(widths).boxed().toList(), context.request().budget().costTable()
                .cost(ConfigurationValidator.choiceIndices(context.request().space(), widths)));
    }
}
