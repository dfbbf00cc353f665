package dev.slimfit.worker.method.enas4d;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.EpochTraining;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.staged.StagedNetwork;
import dev.slimfit.worker.search.staged.StagedSteps;
import dev.slimfit.worker.search.train.LearningRate;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Map;
import java.util.Random;

/**
 * Trains the weight-shared supernet for the job's search epochs with sandwich steps over every exit: the largest
 * configuration on the labels, the smallest and {@code sampledPerStep} uniformly drawn ones distilled from the
 * largest one's final exit ({@link StagedSteps#supernet}). The configurations a step samples are drawn from the job
 * seed and the step number, so a resumed epoch samples what the interrupted one would have.
 */
final class SupernetPhase implements Phase<Enas4dState> {

    /**
     * The supernet trains at half the engine's from-scratch rate, after a linear warm-up over the first tenth of its
     * steps: every exit's loss is summed, so the stem and the first stages take up to one gradient per exit, and at
     * the full rate from the first step a tiny job diverged (a NaN loss) in about one run in ten.
     */
    static final double SUPERNET_RATE_SHARE = 0.5;
    static final double WARMUP_SHARE = 0.1;

    @Override
    public String name() {
        return Enas4dMethod.SUPERNET;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return training.epochs();
    }

    @Override
    public double unitsPerStep(EngineSettings settings) {
        return 2 + settings.sampledPerStep();
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
        return StagedJob.largestSnapshot(job);
    }

    /** A fresh supernet (seeded) or one from a checkpoint, and its optimiser, in a manager of their own. */
    static void newSupernet(JobContext job, Enas4dState state, byte[] parameters) {
        state.supernetManager = job.root().newSubManager();
        StagedSpace space = job.request().staged().space();
        state.supernet = parameters == null ? StagedNetwork.create(space, state.supernetManager, job.seed())
                : StagedNetwork.restore(space, parameters, state.supernetManager);
        state.supernetOptimizer = new Sgd(state.supernet.trainable(), state.supernetManager,
                (float) job.settings().momentum(), (float) job.settings().weightDecay());
    }

    @Override
    public void run(Enas4dState state, PhaseRun run) {
        JobContext job = run.job();
        StagedSpace space = StagedJob.searchable(job);
        StagedSteps steps = new StagedSteps(state.supernet, state.supernetOptimizer, state.supernetManager);
        long phaseSteps = Math.max(1, run.steps());
        LearningRate rate = new LearningRate(SUPERNET_RATE_SHARE * job.settings().learningRateFor(job.batchSize()),
                phaseSteps, (long) Math.ceil(WARMUP_SHARE * phaseSteps));
        double distillation = job.settings().distillationWeight();
        int sampled = job.settings().sampledPerStep();
        long seed = job.seed();
        EpochLoop.Outcome trained = run.train(new EpochTraining() {
            @Override
            public Map<String, Double> step(NDManager stepManager, DeviceDataset.Batch batch, long phaseStep,
                                            long globalStep) {
                Random random = new Random(seed * 0x9E3779B97F4A7C15L + phaseStep);
                return steps.supernet(stepManager, batch, space, sampled, distillation, rate.at(phaseStep), random);
            }

            @Override
            public ProgressSnapshot snapshot() {
                return StagedJob.largestSnapshot(job);
            }
        });
        state.supernetFigures = new Enas4dState.TrainingFigures(trained.lastEpochLosses(),
                trained.position().phaseSeconds(), trained.position().imagesPerSecond());
    }
}
