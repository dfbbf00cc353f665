package dev.slimfit.worker.method.dnal;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;

/**
 * DNAL's phase 3: fine-tunes the pruned plain network for the job's final epochs (distilled from the phase-1
 * network where the prune computed its targets), warm-up then cosine, as the other methods fine-tune.
 */
final class FineTunePhase implements Phase<DnalState> {

    @Override
    public String name() {
        return DnalMethod.FINE_TUNE;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return training.finalEpochs();
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, DnalState state) {
        return PlainTraining.snapshotOf(job, state.pruned.widths());
    }

    @Override
    public void run(DnalState state, PhaseRun run) {
        EpochLoop.Outcome tuned = PlainTraining.fineTune(run, state.plain, state.plainOptimizer, state.pruned.widths(),
                state.targets, state.plainManager);
        state.fineTuneLosses = tuned.lastEpochLosses();
        state.fineTuneSeconds = tuned.position().phaseSeconds();
    }
}
