package dev.slimfit.worker.method.ows;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.decode.Decoded;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.method.EpochTraining;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.RunSupport;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.sample.UnaryEvidence;
import dev.slimfit.worker.search.sample.WidthSampler;
import dev.slimfit.worker.search.train.LearningRate;
import dev.slimfit.worker.search.train.SandwichLosses;
import dev.slimfit.worker.search.train.SandwichStep;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The supernet phase of OWS/AOWS: sandwich steps with configurations from the method's sampler, each uniformly
 * sampled configuration's loss gap credited to the unary evidence (which steers AOWS's sampling and the progress
 * decode; the final decode uses unaries evaluated on the trained supernet).
 */
final class SupernetTraining implements EpochTraining {

    static final String LOSS_LARGEST = "largest";
    static final String LOSS_SMALLEST = "smallest";
    static final String LOSS_SAMPLED = "sampled";
    static final String LOSS_SAMPLED_CROSS_ENTROPY = "sampledCrossEntropy";

    private final JobContext context;
    private final SlimmableNetwork supernet;
    private final SandwichStep sandwich;
    private final Sgd optimizer;
    private final WidthSampler sampler;
    private final UnaryEvidence evidence;
    private final LearningRate learningRate;
    private final long phaseSteps;
    private final int sampledPerStep;

    SupernetTraining(JobContext context, SlimmableNetwork supernet, SandwichStep sandwich, Sgd optimizer,
                     WidthSampler sampler, UnaryEvidence evidence, long phaseSteps) {
        this.context = context;
        this.supernet = supernet;
        this.sandwich = sandwich;
        this.optimizer = optimizer;
        this.sampler = sampler;
        this.evidence = evidence;
        this.phaseSteps = Math.max(1, phaseSteps);
        this.learningRate = new LearningRate(context.settings().learningRateFor(context.batchSize()),
                this.phaseSteps);
        this.sampledPerStep = context.settings().sampledPerStep();
    }

    @Override
    public Map<String, Double> step(NDManager stepManager, Batch batch, long phaseStep, long globalStep) {
        SearchSpace space = supernet.space();
        double progress = (double) phaseStep / phaseSteps;
        int[][] choices = sampler.sample(sampledPerStep, progress, stepRandom(context.seed(), globalStep));
        int[][] widths = new int[choices.length][];
        for (int j = 0; j < choices.length; j++) {
            widths[j] = ConfigurationValidator.widths(space, choices[j]);
        }
        SandwichLosses losses = sandwich.run(stepManager, batch, widths, learningRate.at(phaseStep));
        for (int j = 0; j < choices.length; j++) {
            if (sampler.unbiased(j)) {
                evidence.record(choices[j], losses.sampledCrossEntropy()[j], losses.largest());
            }
        }
        Map<String, Double> named = new LinkedHashMap<>();
        named.put(LOSS_LARGEST, losses.largest());
        named.put(LOSS_SMALLEST, losses.smallest());
        if (choices.length > 0) {
            named.put(LOSS_SAMPLED, losses.meanSampledDistillation());
            named.put(LOSS_SAMPLED_CROSS_ENTROPY, Arrays.stream(losses.sampledCrossEntropy()).average().orElseThrow());
        }
        return named;
    }

    /** A generator for one step, from the job seed and the step alone, so a resumed run samples the same. */
    static Random stepRandom(long seed, long globalStep) {
        return new Random(seed * 0x5DEECE66DL + globalStep * 0x9E3779B97F4A7C15L + 11);
    }

    @Override
    public ProgressSnapshot snapshot() {
        return snapshotOf(context, evidence);
    }

    /** The decode of the current evidence and its cost; the uniform baseline before any evidence exists. */
    static ProgressSnapshot snapshotOf(JobContext context, UnaryEvidence evidence) {
        return PlainTraining.snapshotOf(context, currentDecode(context, evidence));
    }

    /** The decode of the current evidence; the uniform baseline before any evidence exists. */
    static int[] currentDecode(JobContext context, UnaryEvidence evidence) {
        return currentDecode(context.request().space(), context.request().budget(), context.decoder(), evidence);
    }

    /** The same under a given budget and its decoder (a recalibrated latency table). */
    static int[] currentDecode(SearchSpace space, BudgetCost budget, WidthDecoder decoder, UnaryEvidence evidence) {
        if (evidence.isEmpty()) {
            return RunSupport.uniformBaselineWidths(space, budget);
        }
        Decoded decoded = decoder.decode(evidence.unaries());
        return decoder.widths(decoded);
    }
}
