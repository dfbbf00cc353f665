package dev.slimfit.worker.method.ows;

import ai.djl.ndarray.types.DataType;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.SearchMethodPlugin;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointHeader;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.sample.UnaryEvidence;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.List;

/**
 * OWS and AOWS (docs/methods/aows.md): train a slimmable supernet with sandwich steps ({@code supernet}; AOWS
 * samples from annealed marginals after its warm-up), evaluate unaries on the trained supernet and decode them
 * under the budget, then copy the decoded plain network out and compute the teacher's targets ({@code decode}),
 * fine-tune it distilled from the supernet's largest configuration ({@code fine-tune}), and measure it and sweep
 * the Pareto front ({@code evaluate}).
 */
public final class OwsMethod implements SearchMethodPlugin<OwsState> {

    static final String SUPERNET = "supernet";
    static final String DECODE = "decode";
    static final String FINE_TUNE = "fine-tune";
    static final String EVALUATE = "evaluate";

    private final SearchMethod method;
    private final List<Phase<OwsState>> phases;

    private OwsMethod(SearchMethod method) {
        this.method = method;
        this.phases = List.of(new SupernetPhase(method == SearchMethod.AOWS), new DecodePhase(), new FineTunePhase(),
                new EvaluatePhase());
    }

    public static OwsMethod ows() {
        return new OwsMethod(SearchMethod.OWS);
    }

    public static OwsMethod aows() {
        return new OwsMethod(SearchMethod.AOWS);
    }

    @Override
    public SearchMethod method() {
        return method;
    }

    @Override
    public void check(SearchRequest request) {
        WidthDecoder.requireFeasible(request.space(), request.budget());
    }

    @Override
    public List<Phase<OwsState>> phases() {
        return phases;
    }

    @Override
    public OwsState start(JobContext job) {
        OwsState state = new OwsState();
        int windowSamples = Math.max(1, job.stepsPerEpoch() * job.settings().sampledPerStep());
        state.evidence = new UnaryEvidence(job.request().space(), windowSamples);
        SupernetPhase.newSupernet(job, state, null);
        return state;
    }

    @Override
    public OwsState restore(JobContext job, Checkpoint checkpoint) {
        SearchSpace space = job.request().space();
        CheckpointHeader header = checkpoint.header();
        OwsState.Saved saved = StateJson.read(checkpoint.required(OwsState.STATE), OwsState.Saved.class);
        OwsState state = new OwsState();
        state.evidence = UnaryEvidence.restore(space, saved.evidence());
        state.supernetFigures = saved.supernetFigures();
        if (header.phase().equals(SUPERNET)) {
            SupernetPhase.newSupernet(job, state, checkpoint.required(OwsState.NETWORK));
            state.supernetOptimizer.restoreState(checkpoint.required(OwsState.OPTIMIZER), state.supernetManager);
            if (header.phaseComplete()) {
                state.supernetFigures = new OwsState.SupernetFigures(header.lastLosses(), header.phaseSeconds(),
                        header.phaseSeconds() > 0 ? header.phaseImages() / header.phaseSeconds() : 0);
            }
            return state;
        }
        state.summary = saved.supernet();
        state.plainManager = job.root().newSubManager();
        state.plain = NetworkBuilder.build(space, state.summary.widths());
        state.plain.initialize(state.plainManager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
        NetworkParameters.load(state.plain, checkpoint.required(OwsState.NETWORK), state.plainManager);
        state.plainOptimizer = plainOptimizer(job, state);
        state.plainOptimizer.restoreState(checkpoint.required(OwsState.OPTIMIZER), state.plainManager);
        state.targets = checkpoint.section(OwsState.TARGETS).map(DistillationTargets::decode).orElse(null);
        if (header.phase().equals(FINE_TUNE) && header.phaseComplete()) {
            state.fineTuneLosses = header.lastLosses();
            state.fineTuneSeconds = header.phaseSeconds();
        }
        return state;
    }

    @Override
    public SearchOutcome outcome(JobContext job, OwsState state) {
        return state.outcome;
    }

    /** SGD over the plain network's trainable arrays (momentum buffers start at zero). */
    static Sgd plainOptimizer(JobContext job, OwsState state) {
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        return new Sgd(chain.trainable(), state.plainManager, (float) job.settings().momentum(),
                (float) job.settings().weightDecay());
    }

    /** The supernet is no longer needed once the plain network is out. */
    static void dropSupernet(OwsState state) {
        state.supernet = null;
        state.supernetOptimizer = null;
        if (state.supernetManager != null) {
            state.supernetManager.close();
            state.supernetManager = null;
        }
    }
}
