package dev.slimfit.worker.method.dnal;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.PlainStep;

/** DNAL's phase 1: trains the space's widest network from scratch on hard labels, gates bypassed. */
final class WeightsPhase implements Phase<DnalState> {

    @Override
    public String name() {
        return DnalMethod.WEIGHTS;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return DnalMethod.weightEpochs(training);
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, DnalState state) {
        return PlainTraining.snapshotOf(job, job.request().space().largest());
    }

    @Override
    public void run(DnalState state, PhaseRun run) {
        JobContext job = run.job();
        int[] widest = job.request().space().largest();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.wide);
        PlainStep step = new PlainStep(chain, state.wideOptimizer, widest, state.wideManager);
        PlainTraining training = new PlainTraining(job, step, widest, run.steps(),
                job.settings().learningRateFor(job.batchSize()), false, null, state.wideManager);
        EpochLoop.Outcome trained = run.train(training);
        state.weightsFigures = new DnalState.Figures(trained.lastEpochLosses(), trained.position().phaseSeconds(),
                trained.position().imagesPerSecond());
    }
}
