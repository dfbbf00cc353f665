package dev.slimfit.worker.method.ows;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.method.EpochLoop;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.sample.AdaptiveWidthSampler;
import dev.slimfit.worker.search.sample.UniformWidthSampler;
import dev.slimfit.worker.search.sample.WidthSampler;
import dev.slimfit.worker.search.train.SandwichStep;
import dev.slimfit.worker.search.train.Sgd;

/**
 * Trains the slimmable supernet for the job's search epochs with sandwich steps: the largest configuration on hard
 * labels, the smallest and the sampled ones distilled from it. OWS samples widths uniformly; AOWS samples from the
 * annealed marginals of the current evidence after a warm-up, keeping half its samples uniform.
 */
final class SupernetPhase implements Phase<OwsState> {

    private final boolean adaptive;

    SupernetPhase(boolean adaptive) {
        this.adaptive = adaptive;
    }

    @Override
    public String name() {
        return OwsMethod.SUPERNET;
    }

    @Override
    public int epochs(TrainingSettings training) {
        return training.epochs();
    }

    @Override
    public double unitsPerStep(EngineSettings settings) {
        return 2 + settings.sampledPerStep();
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, OwsState state) {
        return SupernetTraining.snapshotOf(job, state.evidence);
    }

    /**
     * A freshly initialised supernet (seeded), or one with {@code parameters} loaded, and its optimiser, in a
     * manager of their own. The optimiser is made after loading: loading replaces the parameter arrays.
     *
     * @param parameters saved parameters, or null for a fresh supernet
     */
    static void newSupernet(JobContext job, OwsState state, byte[] parameters) {
        state.supernetManager = job.root().newSubManager();
        state.supernet = new SlimmableNetwork(job.request().space());
        OfflinePyTorch.engine().setRandomSeed(Long.hashCode(job.seed()));
        state.supernet.initialize(state.supernetManager);
        if (parameters != null) {
            NetworkParameters.load(state.supernet, parameters, state.supernetManager);
        }
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.supernet);
        state.supernetOptimizer = new Sgd(chain.trainable(), state.supernetManager,
                (float) job.settings().momentum(), (float) job.settings().weightDecay());
    }

    @Override
    public void run(OwsState state, PhaseRun run) {
        JobContext job = run.job();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.supernet);
        WidthSampler sampler = adaptive
                ? new AdaptiveWidthSampler(job.request().space(), state.evidence, job.request().budget().costTable(),
                job.request().budget().limit())
                : new UniformWidthSampler(job.request().space());
        SandwichStep sandwich = new SandwichStep(chain, state.supernetOptimizer, job.settings().sampledPerStep(),
                state.supernetManager);
        EpochLoop.Outcome trained = run.train(new SupernetTraining(job, state.supernet, sandwich,
                state.supernetOptimizer, sampler, state.evidence, run.steps()));
        state.supernetFigures = new OwsState.SupernetFigures(trained.lastEpochLosses(),
                trained.position().phaseSeconds(), trained.position().imagesPerSecond());
    }
}
