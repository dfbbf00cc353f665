package dev.slimfit.worker.search.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointState;
import dev.slimfit.worker.search.checkpoint.Phase;
import dev.slimfit.worker.search.checkpoint.SupernetSummary;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.sample.UnaryEvidence;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.LearningRate;
import dev.slimfit.worker.search.train.PlainStep;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.Map;

/**
 * Training one plain network: fine-tuning a decoded configuration after a search (distilled from the supernet's
 * largest configuration when it has {@link DistillationTargets}, else with hard labels) or the whole training of the
 * uniform baseline (hard labels). Its checkpoints carry what the search found and the distillation targets, so a
 * restart during fine-tuning needs no supernet.
 */
final class PlainTraining implements PhaseTraining {

    static final String LOSS_CROSS_ENTROPY = "crossEntropy";
    static final String LOSS_DISTILLATION = "distillation";
    static final double WARMUP_SHARE = 0.1;

    private final RunContext context;
    private final Block network;
    private final PlainStep step;
    private final Sgd optimizer;
    private final int[] widths;
    private final int firstEpoch;
    private final int lastEpoch;
    private final LearningRate learningRate;
    private final UnaryEvidence.State unaries;
    private final SupernetSummary supernet;
    private final DistillationTargets targets;
    private final NDArray targetArray;
    private final String lossName;

    /**
     * @param baseRate the phase's rate (cosine to zero over the phase)
     * @param warmup   whether the rate rises linearly over the first {@value #WARMUP_SHARE} of the steps
     *                 (fine-tuning a trained network) or starts at {@code baseRate} (training from scratch)
     * @param unaries  the search's unary evidence to carry in checkpoints, or null (uniform baseline)
     * @param supernet what the search found, or null (uniform baseline)
     * @param targets  distillation targets of the training images, or null to train on hard labels; uploaded to
     *                 {@code manager}
     */
    PlainTraining(RunContext context, Block network, PlainStep step, Sgd optimizer, int[] widths, int firstEpoch,
                  int lastEpoch, float baseRate, boolean warmup, UnaryEvidence.State unaries,
                  SupernetSummary supernet, DistillationTargets targets, NDManager manager) {
        this.context = context;
        this.network = network;
        this.step = step;
        this.optimizer = optimizer;
        this.widths = widths.clone();
        this.firstEpoch = firstEpoch;
        this.lastEpoch = lastEpoch;
        long steps = Math.max(1, (long) (lastEpoch - firstEpoch + 1) * context.plan().stepsPerEpoch());
        this.learningRate = new LearningRate(baseRate, steps, warmup ? (long) Math.ceil(WARMUP_SHARE * steps) : 0);
        this.unaries = unaries;
        this.supernet = supernet;
        this.targets = targets;
        this.targetArray = targets == null ? null : targets.upload(manager);
        this.lossName = targets == null ? LOSS_CROSS_ENTROPY : LOSS_DISTILLATION;
    }

    /** The mean-loss name this phase reports: {@value #LOSS_DISTILLATION} with targets, else hard-label. */
    String lossName() {
        return lossName;
    }

    @Override
    public NDArray targets() {
        return targetArray;
    }

    @Override
    public int firstEpoch() {
        return firstEpoch;
    }

    @Override
    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public Map<String, Double> step(NDManager stepManager, Batch batch, long phaseStep, long globalStep) {
        return Map.of(lossName, step.run(stepManager, batch, learningRate.at(phaseStep)));
    }

    @Override
    public ProgressSnapshot snapshot() {
        return new ProgressSnapshot(Arrays.stream(widths).boxed().toList(), context.request().budget().costTable()
                .cost(ConfigurationValidator.choiceIndices(context.request().space(), widths)));
    }

    @Override
    public Checkpoint checkpoint(Position position, Map<String, Double> epochLosses) {
        CheckpointState state = new CheckpointState(context.fingerprint(), Phase.PLAIN, position.completedEpochs(),
                position.stepInEpoch(), position.globalStep(), position.phaseStep(), position.phaseSeconds(),
                position.phaseImages(), unaries, widths, supernet, epochLosses);
        return new Checkpoint(state, NetworkParameters.save(network), optimizer.encodeState(),
                targets == null ? new byte[0] : targets.encode());
    }
}
