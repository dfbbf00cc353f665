package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.types.DataType;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.SearchMethodPlugin;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointHeader;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.List;

/**
 * DNAL (docs/methods/dnal.md): differentiable channel gates {@code sigmoid(beta * a)} after each layer's batch norm,
 * landed on a hard budget. Phases: train the widest network with the gates bypassed ({@code weights}); freeze its
 * layers and train the gates under a rising beta with a penalty weighted by each channel's marginal cost and a
 * lambda steered toward the budget ({@code gates}); keep the open channels, rounded onto the space's widths, or let
 * the exact budget decode choose from the gates when that misses the budget, and copy the most open channels out
 * ({@code prune}); fine-tune the pruned network ({@code fine-tune}); measure it ({@code evaluate}).
 * <p>
 * The job's search epochs are split between the weights and gates phases in DNAL's reference proportion (30 to
 * 10): a quarter, rounded, for the gates, at least one each.
 */
public final class DnalMethod implements SearchMethodPlugin<DnalState> {

    static final String WEIGHTS = "weights";
    static final String GATES = "gates";
    static final String PRUNE = "prune";
    static final String FINE_TUNE = "fine-tune";
    static final String EVALUATE = "evaluate";

    /** DNAL's reference rate for the gates (SGD, no weight decay). */
    static final float GATE_LEARNING_RATE = 0.01f;

    private final List<Phase<DnalState>> phases = List.of(new WeightsPhase(), new GatesPhase(), new PrunePhase(),
            new FineTunePhase(), new EvaluatePhase());
    private final GateTraining.Regulariser regulariser;

    /** Slimfit's DNAL: each gate pressed with its channel's marginal cost under the budget. */
    public DnalMethod() {
        this(GateTraining.Regulariser.COST);
    }

    private DnalMethod(GateTraining.Regulariser regulariser) {
        this.regulariser = regulariser;
    }

    /**
     * DNAL's published penalty, the plain count of open gates (still steered onto the budget and landed like the
     * default): for comparison in benchmarks; workers run {@link #DnalMethod()}.
     */
    public static DnalMethod plainCount() {
        return new DnalMethod(GateTraining.Regulariser.COUNT);
    }

    @Override
    public SearchMethod method() {
        return SearchMethod.DNAL;
    }

    /** Search epochs for the gates phase: a quarter of the job's, rounded, at least 1 and leaving 1 for weights. */
    public static int gateEpochs(TrainingSettings training) {
        return Math.max(1, Math.min(training.epochs() - 1, (int) Math.round(training.epochs() / 4.0)));
    }

    /** Search epochs for the weights phase: the rest. */
    public static int weightEpochs(TrainingSettings training) {
        return training.epochs() - gateEpochs(training);
    }

    @Override
    public void check(SearchRequest request) {
        if (request.training().epochs() < 2) {
            throw new IllegalArgumentException("DNAL needs at least 2 search epochs (weights, then gates); got "
                    + request.training().epochs());
        }
        WidthDecoder.requireFeasible(request.space(), request.budget());
    }

    @Override
    public List<Phase<DnalState>> phases() {
        return phases;
    }

    @Override
    public DnalState start(JobContext job) {
        DnalState state = new DnalState();
        state.regulariser = regulariser;
        state.schedule = BetaSchedule.reference(gateEpochs(job.request().training()));
        state.beta = state.schedule.start();
        newWide(job, state, null);
        state.wideOptimizer = wideOptimizer(job, state);
        return state;
    }

    @Override
    public DnalState restore(JobContext job, Checkpoint checkpoint) {
        CheckpointHeader header = checkpoint.header();
        DnalState.Saved saved = StateJson.read(checkpoint.required(DnalState.STATE), DnalState.Saved.class);
        DnalState state = new DnalState();
        state.regulariser = regulariser;
        state.schedule = BetaSchedule.reference(gateEpochs(job.request().training()));
        state.lambda = saved.lambda();
        state.beta = saved.beta();
        state.weightsFigures = saved.weights();
        state.gatesFigures = saved.gates();
        state.pruned = saved.pruned();
        byte[] network = checkpoint.required(DnalState.NETWORK);
        byte[] optimizer = checkpoint.required(DnalState.OPTIMIZER);
        switch (header.phase()) {
            case WEIGHTS -> {
                newWide(job, state, network);
                state.wideOptimizer = wideOptimizer(job, state);
                state.wideOptimizer.restoreState(optimizer, state.wideManager);
                if (header.phaseComplete()) {
                    state.weightsFigures = figures(header);
                }
            }
            case GATES -> {
                newWide(job, state, network);
                state.gates = ChannelGates.decode(job.request().space(), checkpoint.required(DnalState.GATES),
                        state.wideManager);
                state.teacherClassifier = checkpoint.required(DnalState.TEACHER_CLASSIFIER);
                ChainNetwork chain = ChainNetwork.of(job.request().space(), state.wide);
                state.gatesOptimizer = GatesPhase.gatesOptimizer(job, state, chain);
                state.gatesOptimizer.restoreState(optimizer, state.wideManager);
                if (header.phaseComplete()) {
                    state.gatesFigures = figures(header);
                }
            }
            default -> {
                SearchSpace space = job.request().space();
                state.plainManager = job.root().newSubManager();
                state.plain = NetworkBuilder.build(space, state.pruned.widths());
                state.plain.initialize(state.plainManager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
                NetworkParameters.load(state.plain, network, state.plainManager);
                state.plainOptimizer = plainOptimizer(job, state);
                state.plainOptimizer.restoreState(optimizer, state.plainManager);
                state.targets = checkpoint.section(DnalState.TARGETS).map(DistillationTargets::decode).orElse(null);
                if (header.phase().equals(FINE_TUNE) && header.phaseComplete()) {
                    state.fineTuneLosses = header.lastLosses();
                    state.fineTuneSeconds = header.phaseSeconds();
                }
            }
        }
        return state;
    }

    private static DnalState.Figures figures(CheckpointHeader header) {
        return new DnalState.Figures(header.lastLosses(), header.phaseSeconds(),
                header.phaseSeconds() > 0 ? header.phaseImages() / header.phaseSeconds() : 0);
    }

    @Override
    public SearchOutcome outcome(JobContext job, DnalState state) {
        return state.outcome;
    }

    /**
     * The widest network, freshly initialised (seeded) or with {@code parameters} loaded, in a manager of its own.
     * A slimmable network run at its largest widths, so that the prune can copy leading channels out.
     */
    static void newWide(JobContext job, DnalState state, byte[] parameters) {
        state.wideManager = job.root().newSubManager();
        state.wide = new SlimmableNetwork(job.request().space());
        OfflinePyTorch.engine().setRandomSeed(Long.hashCode(job.seed()));
        state.wide.initialize(state.wideManager);
        if (parameters != null) {
            NetworkParameters.load(state.wide, parameters, state.wideManager);
        }
    }

    /** SGD over every trainable array of the widest network (made after loading: loading replaces arrays). */
    static Sgd wideOptimizer(JobContext job, DnalState state) {
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.wide);
        return new Sgd(chain.trainable(), state.wideManager, (float) job.settings().momentum(),
                (float) job.settings().weightDecay());
    }

    static Sgd plainOptimizer(JobContext job, DnalState state) {
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        return new Sgd(chain.trainable(), state.plainManager, (float) job.settings().momentum(),
                (float) job.settings().weightDecay());
    }

    /** The widest network is no longer needed once the pruned one is out. */
    static void dropWide(DnalState state) {
        state.wide = null;
        state.wideOptimizer = null;
        state.gatesOptimizer = null;
        state.gates = null;
        if (state.wideManager != null) {
            state.wideManager.close();
            state.wideManager = null;
        }
    }

    /**
     * While gates exist: the widths the open gates would keep (rounded onto the space's widths) and their cost;
     * before them, the widest network.
     */
    static ProgressSnapshot gatesSnapshot(JobContext job, DnalState state) {
        SearchSpace space = job.request().space();
        if (state.pruned != null) {
            return PlainTraining.snapshotOf(job, state.pruned.widths());
        }
        if (state.gates == null) {
            return PlainTraining.snapshotOf(job, space.largest());
        }
        int[] widths = GateSelection.rounded(space, GateSelection.openCounts(state.gates.values(), state.beta));
        return new ProgressSnapshot(Arrays.stream(widths).boxed().toList(),
                PrunePhase.cost(space, job.request().budget(), widths));
    }
}
