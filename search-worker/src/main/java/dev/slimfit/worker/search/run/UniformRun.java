package dev.slimfit.worker.search.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.slimfit.core.decode.UniformWidthBaseline;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.network.NetworkBuilder;
import dev.slimfit.models.network.NetworkInputs;
import dev.slimfit.worker.search.BudgetCost;
import dev.slimfit.worker.search.InfeasibleBudgetException;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.train.PlainStep;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uniform-multiplier baseline (ALGORITHMS.md section 6): the widest single multiplier within the budget,
 * trained from scratch for as many epochs as a searched network gets in all (search epochs plus fine-tuning
 * epochs), with the same data, batch size and optimiser. It has no unaries (all NaN) and no Pareto front.
 */
final class UniformRun {

    private final RunContext context;

    UniformRun(RunContext context) {
        this.context = context;
    }

    /**
     * @throws InfeasibleBudgetException if not even the narrowest uniform configuration fits
     */
    static int[] baselineWidths(SearchSpace space, BudgetCost budget) {
        return ConfigurationValidator.widths(space, choice(space, budget).choices());
    }

    private static UniformWidthBaseline.Choice choice(SearchSpace space, BudgetCost budget) {
        return UniformWidthBaseline.largestWithin(space, budget.costTable(), budget.limit())
                .orElseThrow(() -> new InfeasibleBudgetException("no uniform width multiplier of " + space.name()
                        + " meets the budget " + budget.limit() + "; the cheapest configuration costs "
                        + budget.costTable().minimumCost()));
    }

    SearchOutcome run(Checkpoint resume) {
        SearchSpace space = context.request().space();
        UniformWidthBaseline.Choice baseline = choice(space, context.request().budget());
        int[] widths = ConfigurationValidator.widths(space, baseline.choices());
        NDManager manager = context.root().newSubManager();
        Block plain = NetworkBuilder.build(space, widths);
        OfflinePyTorch.engine().setRandomSeed(Long.hashCode(context.seed()));
        plain.initialize(manager, DataType.FLOAT32, NetworkInputs.shape(space, 1));
        if (resume != null) {
            NetworkParameters.load(plain, resume.network(), manager);
        }
        ChainNetwork chain = ChainNetwork.of(space, plain);
        Sgd optimizer = new Sgd(chain.trainable(), manager, (float) context.settings().momentum(),
                (float) context.settings().weightDecay());
        if (resume != null) {
            optimizer.restoreState(resume.optimizer(), manager);
        }
        int epochs = context.searchEpochs() + context.finalEpochs();
        PlainStep step = new PlainStep(chain, optimizer, widths, manager);
        PlainTraining training = new PlainTraining(context, plain, step, optimizer, widths, 1, epochs,
                context.settings().learningRateFor(context.batchSize()), false, null, null, null, manager);
        Position start = resume != null ? RunSupport.positionOf(resume.state()) : Position.phaseStart(0, 0);
        if (resume != null) {
            context.progress().resumed(start.completedEpochs(), start.globalStep(), training.snapshot());
        }
        EpochLoop.Outcome trained = new EpochLoop(context).run(training, start,
                resume != null ? resume.state().lastLosses() : Map.of());
        FinalNetwork result = FinalNetwork.measure(context, plain, chain, widths, manager);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("uniformMultiplier", baseline.multiplier());
        metrics.put("validationAccuracy", result.validationAccuracy());
        metrics.put("finalLossTrain", trained.lastEpochLosses().getOrDefault(PlainTraining.LOSS_CROSS_ENTROPY,
                Double.NaN));
        metrics.put("imagesPerSecond", trained.position().imagesPerSecond());
        metrics.put("trainSeconds", trained.position().phaseSeconds());
        RunSupport.putDataMetrics(context, metrics);
        return new SearchOutcome(widths, result.macs(), result.params(), result.predictedCost(),
                result.testAccuracy(), RunSupport.backend(), unknownUnaries(space), List.of(), metrics,
                result.artifacts());
    }

    /** NaN for every (layer, width): the baseline learns no unaries. */
    private static double[][] unknownUnaries(SearchSpace space) {
        double[][] unaries = new double[space.layerCount()][];
        for (int i = 0; i < unaries.length; i++) {
            unaries[i] = new double[space.layer(i).widthChoices().size()];
            Arrays.fill(unaries[i], Double.NaN);
        }
        return unaries;
    }
}
