package dev.slimfit.worker.method.ows;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.PlainStep;

/**
 * Fine-tunes the decoded plain network for the job's final epochs, against a mix of the labels and the teacher's
 * predictions where the decode computed targets, with a warm-up then a cosine rate.
 */
final class FineTunePhase implements Phase<OwsState> {

    @Override
    public String name() {
        return OwsMethod.FINE_TUNE;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return training.finalEpochs();
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, OwsState state) {
        return PlainTraining.snapshotOf(job, state.summary.widths());
    }

    @Override
    public void run(OwsState state, PhaseRun run) {
        JobContext job = run.job();
        int[] widths = state.summary.widths();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        PlainStep step = new PlainStep(chain, state.plainOptimizer, widths, state.plainManager);
        PlainTraining training = new PlainTraining(job, step, widths, run.steps(),
                job.settings().fineTuneLearningRateFor(job.batchSize()), true, state.targets, state.plainManager);
        EpochLoop.Outcome tuned = run.train(training);
        state.fineTuneLosses = tuned.lastEpochLosses();
        state.fineTuneSeconds = tuned.position().phaseSeconds();
    }
}
