package dev.slimfit.worker.method.uniform;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.decode.UniformWidthBaseline;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.MethodState;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.RunSupport;
import dev.slimfit.worker.method.SearchMethodPlugin;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointHeader;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uniform-multiplier baseline (docs/methods/uniform.md): the widest single multiplier within the budget,
 * trained from scratch for as many epochs as a searched network gets in all (search plus fine-tuning epochs), with
 * the same data, batch size and optimiser ({@code train}), then measured ({@code evaluate}). It learns no unaries
 * (all NaN) and has no Pareto front.
 */
public final class UniformMethod implements SearchMethodPlugin<UniformMethod.State> {

    static final String TRAIN = "train";
    static final String EVALUATE = "evaluate";
    static final String NETWORK = "network";
    static final String OPTIMIZER = "optimizer";

    /** The network being trained, its optimiser, and the training phase's figures once it has ended. */
    static final class State implements MethodState {
        UniformWidthBaseline.Choice baseline;
        int[] widths;
        NDManager manager;
        Block plain;
        Sgd optimizer;
        Map<String, Double> trainLosses = Map.of();
        double trainSeconds;
        double imagesPerSecond;
        SearchOutcome outcome;

        @Override
        public Map<String, byte[]> sections() {
            Map<String, byte[]> sections = new LinkedHashMap<>();
            sections.put(NETWORK, NetworkParameters.save(plain));
            sections.put(OPTIMIZER, optimizer.encodeState());
            return sections;
        }
    }

    private final List<Phase<State>> phases = List.of(new TrainPhase(), new EvaluatePhase());

    @Override
    public SearchMethod method() {
        return SearchMethod.UNIFORM;
    }

    @Override
    public void check(SearchRequest request) {
        WidthDecoder.requireFeasible(request.space(), request.budget());
    }

    @Override
    public List<Phase<State>> phases() {
        return phases;
    }

    @Override
    public State start(JobContext job) {
        return build(job, null);
    }

    /** The baseline network, fresh (seeded) or with {@code parameters} loaded, then its optimiser. */
    private static State build(JobContext job, byte[] parameters) {
        SearchSpace space = job.request().space();
        State state = new State();
        state.baseline = RunSupport.uniformBaseline(space, job.request().budget());
        state.widths = ConfigurationValidator.widths(space, state.baseline.choices());
        state.manager = job.root().newSubManager();
        state.plain = NetworkBuilder.build(space, state.widths);
        OfflinePyTorch.engine().setRandomSeed(Long.hashCode(job.seed()));
        state.plain.initialize(state.manager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
        if (parameters != null) {
            NetworkParameters.load(state.plain, parameters, state.manager);
        }
        ChainNetwork chain = ChainNetwork.of(space, state.plain);
        state.optimizer = new Sgd(chain.trainable(), state.manager, (float) job.settings().momentum(),
                (float) job.settings().weightDecay());
        return state;
    }

    @Override
    public State restore(JobContext job, Checkpoint checkpoint) {
        State state = build(job, checkpoint.required(NETWORK));
        state.optimizer.restoreState(checkpoint.required(OPTIMIZER), state.manager);
        CheckpointHeader header = checkpoint.header();
        if (header.phaseComplete()) {
            state.trainLosses = header.lastLosses();
            state.trainSeconds = header.phaseSeconds();
            state.imagesPerSecond = header.phaseSeconds() > 0 ? header.phaseImages() / header.phaseSeconds() : 0;
        }
        return state;
    }

    @Override
    public SearchOutcome outcome(JobContext job, State state) {
        return state.outcome;
    }
}
