package dev.slimfit.worker.method.enas4d;

import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.decode.InfeasibleBudgetException;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.SearchMethodPlugin;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointHeader;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.staged.StagedNetwork;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.List;

/**
 * ENAS4D (docs/methods/enas4d.md): multi-stage early-exit networks under an average-MAC budget. Train one
 * weight-shared supernet over the space with sandwich steps on every exit ({@code supernet}); search it
 * evolutionarily, each candidate's exit thresholds calibrated on validation images to the budget, and copy the
 * winner out ({@code search}); fine-tune it distilled from the supernet's largest configuration ({@code fine-tune});
 * re-calibrate its thresholds and measure it on the test split with early exits ({@code evaluate}).
 */
public final class Enas4dMethod implements SearchMethodPlugin<Enas4dState> {

    static final String SUPERNET = "supernet";
    static final String SEARCH = "search";
    static final String FINE_TUNE = "fine-tune";
    static final String EVALUATE = "evaluate";

    private final Enas4dSettings settings;
    private final List<Phase<Enas4dState>> phases;

    public Enas4dMethod(Enas4dSettings settings) {
        this.settings = settings;
        this.phases = List.of(new SupernetPhase(), new SearchPhase(settings), new FineTunePhase(),
                new EvaluatePhase(settings));
    }

    /** With {@link Enas4dSettings#defaults()}. */
    public Enas4dMethod() {
        this(Enas4dSettings.defaults());
    }

    public Enas4dSettings settings() {
        return settings;
    }

    @Override
    public SearchMethod method() {
        return SearchMethod.ENAS4D;
    }

    /**
     * A multi-stage space and an average-MAC budget that at least the cheapest way out meets: the smallest
     * configuration with every image leaving at exit 0.
     */
    @Override
    public void check(SearchRequest request) {
        if (!request.isStaged()) {
            throw new IllegalArgumentException("ENAS4D searches multi-stage spaces under an average-MAC budget, not"
                    + " the chain space " + request.spaceName());
        }
        StagedSpace space = StagedJob.searchable(request);
        StagedConfiguration smallest = space.smallest();
        long minimum = StagedCost.cumulativeMacs(space, smallest, 0);
        if (request.staged().averageMacs() < minimum) {
            throw new InfeasibleBudgetException("an average of " + request.staged().averageMacs() + " MACs is below"
                    + " what " + space.name() + " needs at the least: " + minimum + " MACs (the smallest"
                    + " configuration, every image leaving at the first exit)");
        }
    }

    @Override
    public List<Phase<Enas4dState>> phases() {
        return phases;
    }

    @Override
    public Enas4dState start(JobContext job) {
        Enas4dState state = new Enas4dState();
        SupernetPhase.newSupernet(job, state, null);
        return state;
    }

    @Override
    public Enas4dState restore(JobContext job, Checkpoint checkpoint) {
        CheckpointHeader header = checkpoint.header();
        Enas4dState.Saved saved = StateJson.read(checkpoint.required(Enas4dState.STATE), Enas4dState.Saved.class);
        Enas4dState state = new Enas4dState();
        state.supernetFigures = saved.supernet();
        state.search = saved.search();
        state.fineTuneFigures = saved.fineTune();
        if (header.phase().equals(SUPERNET)) {
            SupernetPhase.newSupernet(job, state, checkpoint.required(Enas4dState.NETWORK));
            state.supernetOptimizer.restoreState(checkpoint.required(Enas4dState.OPTIMIZER), state.supernetManager);
            if (header.phaseComplete()) {
                state.supernetFigures = new Enas4dState.TrainingFigures(header.lastLosses(), header.phaseSeconds(),
                        header.phaseSeconds() > 0 ? header.phaseImages() / header.phaseSeconds() : 0);
            }
            return state;
        }
        StagedSpace plainSpace = StagedNetwork.singleton(job.request().staged().space(),
                state.search.configuration());
        state.plainManager = job.root().newSubManager();
        state.plain = StagedNetwork.restore(plainSpace, checkpoint.required(Enas4dState.NETWORK),
                state.plainManager);
        state.plainOptimizer = new Sgd(state.plain.trainable(), state.plainManager,
                (float) job.settings().momentum(), (float) job.settings().weightDecay());
        state.plainOptimizer.restoreState(checkpoint.required(Enas4dState.OPTIMIZER), state.plainManager);
        state.targets = checkpoint.section(Enas4dState.TARGETS).map(DistillationTargets::decode).orElse(null);
        if (header.phase().equals(FINE_TUNE) && header.phaseComplete()) {
            state.fineTuneFigures = new Enas4dState.TrainingFigures(header.lastLosses(), header.phaseSeconds(),
                    header.phaseSeconds() > 0 ? header.phaseImages() / header.phaseSeconds() : 0);
        }
        return state;
    }

    @Override
    public SearchOutcome outcome(JobContext job, Enas4dState state) {
        return state.outcome;
    }
}
