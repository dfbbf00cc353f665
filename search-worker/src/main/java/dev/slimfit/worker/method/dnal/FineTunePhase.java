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
        JobContext job = run.job();
        int[] widths = state.pruned.widths();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        PlainStep step = new PlainStep(chain, state.plainOptimizer, widths, state.plainManager);
        PlainTraining training = new PlainTraining(job, step, widths, run.steps(),
                job.settings().fineTuneLearningRateFor(job.batchSize()), true, state.targets, state.plainManager);
        EpochLoop.Outcome tuned = run.train(training);
        state.fineTuneLosses = tuned.lastEpochLosses();
        state.fineTuneSeconds = tuned.position().phaseSeconds();
    }
}
