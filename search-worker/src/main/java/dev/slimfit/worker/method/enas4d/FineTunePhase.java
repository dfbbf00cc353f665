package dev.slimfit.worker.method.enas4d;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.EpochTraining;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.staged.StagedSteps;
import dev.slimfit.worker.search.train.LearningRate;

import java.util.Map;

/**
 * Fine-tunes the chosen configuration's plain network for the job's final epochs, every exit against the supernet
 * teacher's targets (or the labels without distillation), at the engine's from-scratch rate (the supernet and
 * UNIFORM rate) after a linear warm-up over the first tenth of the steps, then cosine.
 * <p>
 * Not the engine's lower fine-tune rate: that one is for chain networks decoded from a well-trained supernet,
 * while a configuration copied out of a short early-exit supernet run is far from trained (on fmnist-stages, 2
 * supernet and 2 fine-tune epochs on 4,000 images: 73.3% test accuracy at the fine-tune rate 0.1, 74.3% at 0.2).
 */
final class FineTunePhase implements Phase<Enas4dState> {

    static final double WARMUP_SHARE = 0.1;

    @Override
    public String name() {
        return Enas4dMethod.FINE_TUNE;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return training.finalEpochs();
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
        return StagedJob.snapshot(state.search.configuration(), state.search.validationAverageMacs());
    }

    @Override
    public void run(Enas4dState state, PhaseRun run) {
        JobContext job = run.job();
        StagedConfiguration configuration = state.search.configuration();
        StagedSteps steps = new StagedSteps(state.plain, state.plainOptimizer, state.plainManager);
        long total = Math.max(1, run.steps());
        LearningRate rate = new LearningRate(job.settings().learningRateFor(job.batchSize()), total,
                (long) Math.ceil(WARMUP_SHARE * total));
        NDArray targets = state.targets == null ? null : state.targets.upload(state.plainManager);
        EpochLoop.Outcome tuned = run.train(new EpochTraining() {
            @Override
            public Map<String, Double> step(NDManager stepManager, DeviceDataset.Batch batch, long phaseStep,
                                            long globalStep) {
                return Map.of(StagedSteps.LOSS_EXITS, steps.plain(stepManager, batch, configuration, null,
                        rate.at(phaseStep)));
            }

            @Override
            public NDArray targets() {
                return targets;
            }

            @Override
            public ProgressSnapshot snapshot() {
                return FineTunePhase.this.snapshot(job, state);
            }
        });
        state.fineTuneFigures = new Enas4dState.TrainingFigures(tuned.lastEpochLosses(),
                tuned.position().phaseSeconds(), tuned.position().imagesPerSecond());
    }
}
