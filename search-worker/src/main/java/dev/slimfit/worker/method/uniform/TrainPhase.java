package dev.slimfit.worker.method.uniform;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.PlainStep;

/** Trains the baseline network from scratch on hard labels for the search plus fine-tuning epochs. */
final class TrainPhase implements Phase<UniformMethod.State> {

    @Override
    public String name() {
        return UniformMethod.TRAIN;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return training.epochs() + training.finalEpochs();
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, UniformMethod.State state) {
        return PlainTraining.snapshotOf(job, state.widths);
    }

    @Override
    public void run(UniformMethod.State state, PhaseRun run) {
        JobContext job = run.job();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        PlainStep step = new PlainStep(chain, state.optimizer, state.widths, state.manager);
        PlainTraining training = new PlainTraining(job, step, state.widths, run.steps(),
                job.settings().learningRateFor(job.batchSize()), false, null, state.manager);
        EpochLoop.Outcome trained = run.train(training);
        state.trainLosses = trained.lastEpochLosses();
        state.trainSeconds = trained.position().phaseSeconds();
        state.imagesPerSecond = trained.position().imagesPerSecond();
    }
}
