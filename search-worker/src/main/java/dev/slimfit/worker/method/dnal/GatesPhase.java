package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.train.Sgd;

import java.util.ArrayList;
import java.util.List;

/**
 * DNAL's phase 2: the layers' weights frozen, every gate parameter starting at 0, the gates (and the classifier)
 * trained with the task loss plus the steered, cost-weighted penalty while beta rises (see {@link GateTraining}).
 * The phase-1 classifier is kept first, as the fine-tuning teacher's.
 */
final class GatesPhase implements Phase<DnalState> {

    @Override
    public String name() {
        return DnalMethod.GATES;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return DnalMethod.gateEpochs(training);
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, DnalState state) {
        return DnalMethod.gatesSnapshot(job, state);
    }

    /** Gates at 0 and their optimiser (gates, then the classifier), once the weights phase has ended. */
    static void openGates(JobContext job, DnalState state) {
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.wide);
        state.teacherClassifier = new NDList(chain.classifier().stream().map(TrainableArray::array)
                .toArray(NDArray[]::new)).encode();
        state.gates = ChannelGates.atZero(job.request().space(), state.wideManager);
        state.gatesOptimizer = gatesOptimizer(job, state, chain);
        state.wideOptimizer = null;
    }

    static Sgd gatesOptimizer(JobContext job, DnalState state, ChainNetwork chain) {
        List<TrainableArray> trained = new ArrayList<>(state.gates.trainable());
        trained.addAll(chain.classifier());
        return new Sgd(trained, state.wideManager, (float) job.settings().momentum(), 0f);
    }

    @Override
    public void run(DnalState state, PhaseRun run) {
        JobContext job = run.job();
        if (state.gates == null) {
            openGates(job, state);
        }
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.wide);
        chain.setLayersTrainable(false);
        EpochLoop.Outcome trained = run.train(new GateTraining(job, state, chain, state.gatesOptimizer,
                state.wideManager));
        state.gatesFigures = new DnalState.Figures(trained.lastEpochLosses(), trained.position().phaseSeconds(),
                trained.position().imagesPerSecond());
    }
}
