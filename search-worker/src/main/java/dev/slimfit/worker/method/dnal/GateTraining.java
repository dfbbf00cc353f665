package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.method.EpochTraining;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;
import dev.slimfit.worker.search.train.Losses;
import dev.slimfit.worker.search.train.Sgd;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps of DNAL's gates phase: the widest network (its layers frozen) runs with the sharp gates, the loss is the
 * task loss plus {@code lambda} times the weighted gate penalty, and only the gates and the classifier learn. Before
 * each step the weights are each layer's marginal cost per channel at the gates' expected widths, over the budget
 * (or 1 per gate for DNAL's plain count); after it, {@link LambdaControl} moves {@code lambda} toward the budget.
 * Each step reports its task loss, the expected cost under the gates as a share of the budget, lambda and beta.
 */
final class GateTraining implements EpochTraining {

    static final String LOSS_TASK = "crossEntropy";
    static final String EXPECTED_COST_SHARE = "expectedCostShare";
    static final String LAMBDA = "lambda";
    static final String BETA = "beta";

    private final JobContext job;
    private final DnalState state;
    private final ChainNetwork network;
    private final Sgd optimizer;
    private final GateCosts costs;
    private final LambdaControl control;
    private final NDArray one;
    private final int[] widths;
    private final int channels;

    GateTraining(JobContext job, DnalState state, ChainNetwork network, Sgd optimizer, NDManager constants) {
        this.job = job;
        this.state = state;
        this.network = network;
        this.optimizer = optimizer;
        this.costs = new GateCosts(job.request().space(), job.request().budget().costTable());
        this.control = LambdaControl.defaults();
        this.one = constants.create(1f);
        this.widths = job.request().space().largest();
        this.channels = Arrays.stream(widths).sum();
    }

    @Override
    public Map<String, Double> step(NDManager stepManager, Batch batch, long phaseStep, long globalStep) {
        double beta = state.schedule.atStep(phaseStep, job.stepsPerEpoch());
        double budget = job.request().budget().limit();
        GateCosts.Evaluation expected = expectedCost(job.request().space(), costs, state.gates.values(), beta);
        double[] weights = penaltyWeights(expected, budget, state.regulariser, channels);
        NDArray loss;
        NDArray task;
        try (GradMode recording = GradMode.recording()) {
            NDArray[] gates = state.gates.sharp(stepManager, beta);
            NDArray logits = network.forward(stepManager, batch.images(), widths, true, gates);
            NDArray logProbabilities = TorchOps.logSoftmax(logits);
            logits.close();
            task = Losses.crossEntropy(logProbabilities, batch.labels());
            logProbabilities.close();
            NDArray penalty = state.gates.penalty(stepManager, weights);
            NDArray scaled = TorchOps.mul(penalty, stepManager.create((float) state.lambda));
            loss = TorchOps.add(task, scaled);
            TorchOps.backward(loss, one);
        }
        optimizer.step(DnalMethod.GATE_LEARNING_RATE);
        double share = expected.cost() / budget;
        state.lambda = control.next(state.lambda, share);
        state.beta = beta;
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put(LOSS_TASK, (double) TorchOps.detach(task).getFloat());
        losses.put(EXPECTED_COST_SHARE, share);
        losses.put(LAMBDA, state.lambda);
        losses.put(BETA, beta);
        return losses;
    }

    /** The cost of the expected widths under the gates, each at least its layer's narrowest choice. */
    static GateCosts.Evaluation expectedCost(SearchSpace space, GateCosts costs, double[][] parameters, double beta) {
        double[] counts = GateSelection.expectedCounts(parameters, beta);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.max(space.layer(i).minWidth(), counts[i]);
        }
        return costs.at(counts);
    }

    /**
     * Per-layer penalty weights: the marginal cost per channel over the budget (never negative: a fitted latency
     * table can have a locally decreasing stretch, which must not reward keeping channels), or for the plain count
     * one over the network's channels (the penalty is then the share of open gates: both start near the same scale,
     * so one initial lambda suits both).
     */
    static double[] penaltyWeights(GateCosts.Evaluation expected, double budget, Regulariser regulariser,
                                   int channels) {
        double[] weights = new double[expected.marginal().length];
        if (regulariser == Regulariser.COUNT) {
            Arrays.fill(weights, 1.0 / channels);
            return weights;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.max(0, expected.marginal()[i]) / budget;
        }
        return weights;
    }

    @Override
    public ProgressSnapshot snapshot() {
        return DnalMethod.gatesSnapshot(job, state);
    }

    /** What each gate is pressed with. */
    enum Regulariser {
        /** DNAL as published: every open gate counts 1. */
        COUNT,
        /** Slimfit: every gate counts its channel's marginal cost in the budget's unit. */
        COST
    }
}
