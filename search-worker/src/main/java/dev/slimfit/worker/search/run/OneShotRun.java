package dev.slimfit.worker.search.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointState;
import dev.slimfit.worker.search.checkpoint.Phase;
import dev.slimfit.worker.search.checkpoint.SupernetSummary;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.sample.AdaptiveWidthSampler;
import dev.slimfit.worker.search.sample.UnaryEvidence;
import dev.slimfit.worker.search.sample.UniformWidthSampler;
import dev.slimfit.worker.search.sample.WidthSampler;
import dev.slimfit.worker.search.train.Accuracy;
import dev.slimfit.worker.search.train.BatchNormCalibration;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.PlainStep;
import dev.slimfit.worker.search.train.SandwichStep;
import dev.slimfit.worker.search.train.UnaryEvaluation;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * OWS and AOWS: train the supernet (resuming from a supernet checkpoint), decode the unaries under the budget,
 * take the decoded plain network out of the supernet and fine-tune it, distilled from the supernet's largest
 * configuration (resuming from a fine-tuning checkpoint, which carries the teacher's targets and needs no
 * supernet), then measure it and sweep the Pareto front.
 */
final class OneShotRun {

    private final RunContext context;

    OneShotRun(RunContext context) {
        this.context = context;
    }

    SearchOutcome run(Checkpoint resume) {
        SearchSpace space = context.request().space();
        NDManager plainManager = context.root().newSubManager();
        Block plain;
        SupernetSummary summary;
        UnaryEvidence evidence;
        Position position;
        Map<String, Double> plainLosses = Map.of();
        Checkpoint plainResume = null;
        DistillationTargets targets = null;
        if (resume == null || resume.state().phase() == Phase.SUPERNET) {
            try (NDManager supernetManager = context.root().newSubManager()) {
                SupernetResult searched = search(resume, supernetManager);
                summary = searched.summary();
                evidence = searched.evidence();
                plain = searched.supernet().toPlain(summary.widths(), plainManager);
                position = Position.phaseStart(searched.position().completedEpochs(), searched.position().globalStep());
                if (context.settings().distills() && context.finalEpochs() > 0) {
                    targets = teacherTargets(searched.supernet(), supernetManager);
                }
            }
            ChainNetwork decoded = ChainNetwork.of(space, plain);
            BatchNormCalibration.recalibrate(decoded, summary.widths(), context.train(), context.batchSize(),
                    context.seed(), plainManager);
            summary = summary.withValidationAccuracy(Accuracy.of(decoded, summary.widths(), context.validation(),
                    context.evaluationBatchSize(), plainManager));
        } else {
            CheckpointState state = resume.state();
            summary = state.supernet();
            evidence = UnaryEvidence.restore(space, state.unaries());
            plain = NetworkBuilder.build(space, summary.widths());
            plain.initialize(plainManager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
            NetworkParameters.load(plain, resume.network(), plainManager);
            position = RunSupport.positionOf(state);
            plainLosses = state.lastLosses();
            plainResume = resume;
            targets = DistillationTargets.decode(resume.targets());
        }
        int[] widths = summary.widths();
        ChainNetwork chain = ChainNetwork.of(space, plain);
        Sgd optimizer = new Sgd(chain.trainable(), plainManager, (float) context.settings().momentum(),
                (float) context.settings().weightDecay());
        if (plainResume != null) {
            optimizer.restoreState(plainResume.optimizer(), plainManager);
        }
        int searchEpochs = context.searchEpochs();
        PlainStep step = new PlainStep(chain, optimizer, widths, plainManager);
        PlainTraining fineTune = new PlainTraining(context, plain, step, optimizer, widths, searchEpochs + 1,
                searchEpochs + context.finalEpochs(), context.settings().fineTuneLearningRateFor(context.batchSize()),
                true, evidence.state(), summary, targets, plainManager);
        if (plainResume != null) {
            context.progress().resumed(position.completedEpochs(), position.globalStep(), fineTune.snapshot());
        }
        EpochLoop.Outcome tuned = new EpochLoop(context).run(fineTune, position, plainLosses);
        FinalNetwork result = FinalNetwork.measure(context, plain, chain, widths, plainManager);
        double[][] unaries = summary.unaries() != null ? summary.unaries() : evidence.unaries();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("supernetValidationAccuracy", summary.validationAccuracy());
        metrics.put("validationAccuracy", result.validationAccuracy());
        metrics.put("finalLossLargest", summary.lossLargest());
        metrics.put("finalLossSmallest", summary.lossSmallest());
        metrics.put("finalLossSampled", summary.lossSampled());
        if (context.finalEpochs() > 0) {
            metrics.put("finalLossFineTune", tuned.lastEpochLosses().getOrDefault(fineTune.lossName(), Double.NaN));
        }
        metrics.put("imagesPerSecond", summary.imagesPerSecond());
        metrics.put("searchSeconds", summary.seconds());
        metrics.put("fineTuneSeconds", tuned.position().phaseSeconds());
        metrics.put("sampledWidthShare", RunSupport.sampledShare(evidence));
        metrics.put("fineTuneDistillationWeight", targets == null ? 0.0 : context.settings().distillationWeight());
        RunSupport.putDataMetrics(context, metrics);
        return new SearchOutcome(widths, result.macs(), result.params(), result.predictedCost(),
                result.testAccuracy(), RunSupport.backend(), unaries,
                context.decoder().paretoFront(unaries, context.settings().paretoBudgets()), metrics,
                result.artifacts());
    }

    /** Unaries measured on the trained supernet ({@link UnaryEvaluation}), or null where the settings say not to. */
    private double[][] evaluatedUnaries(ChainNetwork supernet, NDManager manager) {
        EngineSettings settings = context.settings();
        if (settings.unaryConfigurations() == 0) {
            return null;
        }
        return UnaryEvaluation.evaluate(supernet, context.validation(), settings.unaryConfigurations(),
                settings.unaryImages(), context.evaluationBatchSize() / 2,
                new Random(context.seed() * 0x2545F4914F6CDD1DL + 17), manager);
    }

    /**
     * The largest configuration of the trained supernet as the fine-tuning teacher: its batch-norm statistics
     * re-estimated for that configuration (the decoded network has already been copied out), then its softened
     * predictions on every training image.
     */
    private DistillationTargets teacherTargets(SlimmableNetwork supernet, NDManager manager) {
        SearchSpace space = context.request().space();
        ChainNetwork chain = ChainNetwork.of(space, supernet);
        int[] largest = space.largest();
        BatchNormCalibration.recalibrate(chain, largest, context.train(), context.batchSize(), context.seed(),
                manager);
        return DistillationTargets.compute(chain, largest, context.train(), context.data().train().labels(),
                space.classCount(), context.evaluationBatchSize(), context.settings().distillationWeight(),
                context.settings().distillationTemperature(), manager);
    }

    private record SupernetResult(SlimmableNetwork supernet, SupernetSummary summary, UnaryEvidence evidence,
                                  Position position) {
    }

    private SupernetResult search(Checkpoint resume, NDManager manager) {
        SearchSpace space = context.request().space();
        SlimmableNetwork supernet = new SlimmableNetwork(space);
        OfflinePyTorch.engine().setRandomSeed(Long.hashCode(context.seed()));
        supernet.initialize(manager);
        if (resume != null) {
            NetworkParameters.load(supernet, resume.network(), manager);
        }
        ChainNetwork chain = ChainNetwork.of(space, supernet);
        Sgd optimizer = new Sgd(chain.trainable(), manager, (float) context.settings().momentum(),
                (float) context.settings().weightDecay());
        if (resume != null) {
            optimizer.restoreState(resume.optimizer(), manager);
        }
        int windowSamples = Math.max(1, context.plan().stepsPerEpoch() * context.settings().sampledPerStep());
        UnaryEvidence evidence = resume != null ? UnaryEvidence.restore(space, resume.state().unaries())
                : new UnaryEvidence(space, windowSamples);
        WidthSampler sampler = context.request().method() == SearchMethod.AOWS
                ? new AdaptiveWidthSampler(space, evidence, context.request().budget().costTable(),
                context.request().budget().limit())
                : new UniformWidthSampler(space);
        SandwichStep sandwich = new SandwichStep(chain, optimizer, context.settings().sampledPerStep(), manager);
        SupernetTraining phase = new SupernetTraining(context, supernet, sandwich, optimizer, sampler, evidence);
        Position start = resume != null ? RunSupport.positionOf(resume.state()) : Position.phaseStart(0, 0);
        if (resume != null) {
            context.progress().resumed(start.completedEpochs(), start.globalStep(), phase.snapshot());
        }
        EpochLoop.Outcome trained = new EpochLoop(context).run(phase, start,
                resume != null ? resume.state().lastLosses() : Map.of());
        double[][] unaries = evaluatedUnaries(chain, manager);
        int[] widths = unaries != null ? context.decoder().widths(context.decoder().decode(unaries))
                : phase.currentDecode();
        Map<String, Double> losses = trained.lastEpochLosses();
        SupernetSummary summary = new SupernetSummary(widths, Double.NaN,
                losses.getOrDefault(SupernetTraining.LOSS_LARGEST, Double.NaN),
                losses.getOrDefault(SupernetTraining.LOSS_SMALLEST, Double.NaN),
                losses.getOrDefault(SupernetTraining.LOSS_SAMPLED, Double.NaN),
                trained.position().phaseSeconds(), trained.position().imagesPerSecond(), unaries);
        return new SupernetResult(supernet, summary, evidence, trained.position());
    }
}
