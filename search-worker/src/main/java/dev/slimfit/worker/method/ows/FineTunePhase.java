package dev.slimfit.worker.method.ows;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;

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
        EpochLoop.Outcome tuned = PlainTraining.fineTune(run, state.plain, state.plainOptimizer, state.summary.widths(),
                state.targets, state.plainManager);
        state.fineTuneLosses = tuned.lastEpochLosses();
        state.fineTuneSeconds = tuned.position().phaseSeconds();
    }
}
