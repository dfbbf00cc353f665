package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.DnalReport;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.train.Accuracy;
import dev.slimfit.worker.search.train.BatchNormCalibration;
import dev.slimfit.worker.search.train.DistillationTargets;

import java.util.ArrayList;
import java.util.List;

/**
 * From gates to the pruned network. The open gates (sharp gate above 0.9) are counted per layer and rounded onto
 * the space's widths; if that network spends 97-100% of the budget it is taken ("thresholded"), otherwise the gates
 * become unaries and the exact budget decode chooses the widths ("decoded"), so the result never exceeds the budget.
 * Every layer's channels are then reordered most open first (the network's function unchanged) and the leading
 * channels copied out into the plain network to fine-tune. Where the job distils, the teacher is the phase-1
 * network (its classifier restored, batch norm re-estimated without gates).
 */
final class PrunePhase implements Phase<DnalState> {

    /** The thresholded widths are taken if they spend at least this share of the budget (and at most all of it). */
    static final double LANDING_SHARE = 0.97;

    @Override
    public String name() {
        return DnalMethod.PRUNE;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, DnalState state) {
        return DnalMethod.gatesSnapshot(job, state);
    }

    @Override
    public void run(DnalState state, PhaseRun run) {
        JobContext job = run.job();
        SearchSpace space = job.request().space();
        double[][] parameters = state.gates.values();
        double beta = state.schedule.end();
        Landing landing = land(job, parameters, beta);
        ChainNetwork wide = ChainNetwork.of(space, state.wide);
        if (job.settings().distills() && job.finalEpochs() > 0) {
            state.targets = teacherTargets(job, state, wide);
        }
        for (int i = 0; i < space.layerCount(); i++) {
            wide.permuteOutputs(i, GateSelection.order(parameters[i]));
        }
        NDManager plainManager = job.root().newSubManager();
        state.plain = state.wide.toPlain(landing.widths(), plainManager);
        state.plainManager = plainManager;
        DnalMethod.dropWide(state);
        ChainNetwork pruned = ChainNetwork.of(space, state.plain);
        BatchNormCalibration.recalibrate(pruned, landing.widths(), job.train(), job.batchSize(), job.seed(),
                plainManager);
        double prunedAccuracy = Accuracy.of(pruned, landing.widths(), job.validation(), job.evaluationBatchSize(),
                plainManager);
        state.pruned = new DnalState.Pruned(landing.widths(), report(job, state, parameters, beta, landing),
                prunedAccuracy, GateSelection.unaries(space, parameters));
        state.plainOptimizer = DnalMethod.plainOptimizer(job, state);
    }

    /**
     * The widths the gates lead to under the budget.
     *
     * @param parameters the gate parameters per layer
     * @param beta       the final gate sharpness
     */
    static Landing land(JobContext job, double[][] parameters, double beta) {
        SearchSpace space = job.request().space();
        BudgetCost budget = job.request().budget();
        int[] thresholded = GateSelection.rounded(space, GateSelection.openCounts(parameters, beta));
        double thresholdedCost = cost(space, budget, thresholded);
        if (thresholdedCost <= budget.limit() && thresholdedCost >= LANDING_SHARE * budget.limit()) {
            return new Landing(thresholded, "thresholded", thresholdedCost, thresholdedCost);
        }
        int[] decoded = job.decoder().widths(job.decoder().decode(GateSelection.unaries(space, parameters)));
        return new Landing(decoded, "decoded", thresholdedCost, cost(space, budget, decoded));
    }

    static double cost(SearchSpace space, BudgetCost budget, int[] widths) {
        return budget.costTable().cost(ConfigurationValidator.choiceIndices(space, widths));
    }

    private static DnalReport report(JobContext job, DnalState state, double[][] parameters, double beta,
                                     Landing landing) {
        SearchSpace space = job.request().space();
        int[] open = GateSelection.openCounts(parameters, beta);
        List<List<Integer>> histograms = GateSelection.histograms(parameters, beta);
        List<DnalReport.GateLayer> layers = new ArrayList<>();
        for (int i = 0; i < space.layerCount(); i++) {
            layers.add(new DnalReport.GateLayer(i, space.layer(i).maxWidth(), open[i], landing.widths()[i],
                    histograms.get(i)));
        }
        return new DnalReport(state.lambda, beta, landing.how(), landing.thresholdedCost(),
                landing.cost() / job.request().budget().limit(), layers);
    }

    /**
     * The phase-1 network's predictions on the training images: the classifier the gates phase adjusted is set
     * aside, phase 1's restored, batch norm re-estimated at full width without gates, targets computed, and the
     * adjusted classifier put back (the pruned network keeps it: it fits the gated features).
     */
    private static DistillationTargets teacherTargets(JobContext job, DnalState state, ChainNetwork wide) {
        SearchSpace space = job.request().space();
        List<TrainableArray> classifier = wide.classifier();
        List<float[]> adjusted = classifier.stream().map(a -> a.array().toFloatArray()).toList();
        try (NDManager scratch = job.root().newSubManager()) {
            NDList teacher = NDList.decode(scratch, state.teacherClassifier);
            for (int k = 0; k < classifier.size(); k++) {
                classifier.get(k).array().set(teacher.get(k).toFloatArray());
            }
            int[] largest = space.largest();
            BatchNormCalibration.recalibrate(wide, largest, job.train(), job.batchSize(), job.seed(), scratch);
            DistillationTargets targets = DistillationTargets.compute(wide, largest, job.train(),
                    job.data().train().labels(), space.classCount(), job.evaluationBatchSize(),
                    job.settings().distillationWeight(), job.settings().distillationTemperature(), scratch);
            for (int k = 0; k < classifier.size(); k++) {
                classifier.get(k).array().set(adjusted.get(k));
            }
            teacher.forEach(NDArray::close);
            return targets;
        }
    }

    /**
     * @param widths          the chosen widths
     * @param how             "thresholded" or "decoded"
     * @param thresholdedCost the cost of the open gates rounded onto the widths
     * @param cost            the chosen widths' cost
     */
    record Landing(int[] widths, String how, double thresholdedCost, double cost) {
    }
}
