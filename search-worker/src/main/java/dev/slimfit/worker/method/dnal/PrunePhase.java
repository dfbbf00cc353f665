package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.DnalReport;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.decode.BudgetCorrection;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.MeasuredBudget;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.train.Accuracy;
import dev.slimfit.worker.search.train.BatchNormCalibration;
import dev.slimfit.worker.search.train.DistillationTargets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From gates to the pruned network. The open gates (sharp gate above 0.9) are counted per layer and rounded onto
 * the space's widths; if that network spends 97-100% of the budget it is taken ("thresholded"). Otherwise the open
 * counts are scaled by one common factor, keeping the gates' shape, to the most expensive rounding within the budget
 * ("scaled", if that spends 97-100%); failing that the gates become unaries and the exact budget decode chooses the
 * widths ("decoded"). The result never exceeds the budget. Under a latency budget the landed network is measured on
 * the device and, while it measures over, landed again under the recalibrated table ({@link MeasuredBudget}).
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
        Landing first = land(job, job.request().budget(), job.decoder(), parameters, beta);
        Map<List<Integer>, Landing> landings = new HashMap<>();
        landings.put(key(first.widths()), first);
        BudgetCorrection.Result measured = MeasuredBudget.correct(job, first.widths(), (budget, decoder) -> {
            Landing corrected = land(job, budget, decoder, parameters, beta);
            landings.putIfAbsent(key(corrected.widths()), corrected);
            return corrected.widths();
        });
        Landing landing = measured == null ? first : landings.getOrDefault(key(measured.widths()),
                new Landing(measured.widths(), "measured", first.open(), first.thresholdedCost(),
                        cost(space, job.request().budget(), measured.widths())));
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
                prunedAccuracy, GateSelection.unaries(space, parameters), measured == null ? null : measured.report());
        state.plainOptimizer = DnalMethod.plainOptimizer(job, state);
    }

    /**
     * The widths the gates lead to under the budget.
     *
     * @param budget     the job's budget, or a recalibrated latency budget ({@link MeasuredBudget})
     * @param decoder    the exact decoder under {@code budget}
     * @param parameters the gate parameters per layer
     * @param beta       the final gate sharpness
     */
    static Landing land(JobContext job, BudgetCost budget, WidthDecoder decoder, double[][] parameters,
                        double beta) {
        SearchSpace space = job.request().space();
        int[] open = GateSelection.openCounts(parameters, beta);
        int[] thresholded = GateSelection.rounded(space, open);
        double thresholdedCost = cost(space, budget, thresholded);
        if (fits(thresholdedCost, budget)) {
            return new Landing(thresholded, "thresholded", open, thresholdedCost, thresholdedCost);
        }
        int[] scaled = scaledWithin(space, budget, open);
        if (scaled != null && fits(cost(space, budget, scaled), budget)) {
            return new Landing(scaled, "scaled", open, thresholdedCost, cost(space, budget, scaled));
        }
        int[] decoded = decoder.widths(decoder.decode(GateSelection.unaries(space, parameters)));
        return new Landing(decoded, "decoded", open, thresholdedCost, cost(space, budget, decoded));
    }

    private static List<Integer> key(int[] widths) {
        return Arrays.stream(widths).boxed().toList();
    }

    private static boolean fits(double cost, BudgetCost budget) {
        return cost <= budget.limit() && cost >= LANDING_SHARE * budget.limit();
    }

    /**
     * The open counts grown or shrunk by one common factor (0.1 to 10 in 1% steps, each layer rounded onto its
     * widths), the most expensive such network within the budget, then filled: while some layer can take its next
     * width within the budget, the one furthest below its scaled count (relatively) does. It keeps the shape the gates
     * learned (which layers keep relatively more channels) where rounding alone misses the budget band; exchanges
     * between layers close what a coarse grid leaves below the band. Null if not even the smallest scaling fits.
     */
    static int[] scaledWithin(SearchSpace space, BudgetCost budget, int[] open) {
        int[] best = null;
        double bestCost = Double.NEGATIVE_INFINITY;
        double bestFactor = 0;
        for (double factor = 0.1; factor <= 10; factor *= 1.01) {
            int[] widths = GateSelection.scaled(space, open, factor);
            double cost = cost(space, budget, widths);
            if (cost <= budget.limit() && cost > bestCost) {
                best = widths;
                bestCost = cost;
                bestFactor = factor;
            }
        }
        if (best == null) {
            return null;
        }
        return exchanged(space, budget, filled(space, budget, best, open, bestFactor));
    }

    /**
     * Where the filled network still spends less than the band's floor (a coarse width grid), single exchanges (one
     * layer a step narrower, another one to three steps wider) that raise the cost within the budget, the largest
     * raise first, until the floor is reached or no exchange helps: the shape moves only as far as the band needs.
     */
    private static int[] exchanged(SearchSpace space, BudgetCost budget, int[] start) {
        int[] widths = start.clone();
        double current = cost(space, budget, widths);
        while (current < LANDING_SHARE * budget.limit()) {
            int[] best = null;
            double bestCost = current;
            for (int shrink = 0; shrink < widths.length; shrink++) {
                List<Integer> shrinkChoices = space.layer(shrink).widthChoices();
                int down = shrinkChoices.indexOf(widths[shrink]) - 1;
                if (down < 0) {
                    continue;
                }
                for (int grow = 0; grow < widths.length; grow++) {
                    List<Integer> growChoices = space.layer(grow).widthChoices();
                    int at = growChoices.indexOf(widths[grow]);
                    for (int steps = 1; grow != shrink && steps <= 3 && at + steps < growChoices.size(); steps++) {
                        int[] candidate = widths.clone();
                        candidate[shrink] = shrinkChoices.get(down);
                        candidate[grow] = growChoices.get(at + steps);
                        double cost = cost(space, budget, candidate);
                        if (cost <= budget.limit() && cost > bestCost) {
                            best = candidate;
                            bestCost = cost;
                        }
                    }
                }
            }
            if (best == null) {
                return widths;
            }
            widths = best;
            current = bestCost;
        }
        return widths;
    }

    private static int[] filled(SearchSpace space, BudgetCost budget, int[] start, int[] open, double factor) {
        int[] widths = start.clone();
        while (true) {
            int grow = -1;
            double furthest = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < widths.length; i++) {
                List<Integer> choices = space.layer(i).widthChoices();
                int next = choices.indexOf(widths[i]) + 1;
                if (next >= choices.size()) {
                    continue;
                }
                int previous = widths[i];
                widths[i] = choices.get(next);
                boolean within = cost(space, budget, widths) <= budget.limit();
                widths[i] = previous;
                double target = Math.max(1, open[i]) * factor;
                double below = (target - previous) / target;
                if (within && below > furthest) {
                    grow = i;
                    furthest = below;
                }
            }
            if (grow < 0) {
                return widths;
            }
            List<Integer> choices = space.layer(grow).widthChoices();
            widths[grow] = choices.get(choices.indexOf(widths[grow]) + 1);
        }
    }

    static double cost(SearchSpace space, BudgetCost budget, int[] widths) {
        return budget.costTable().cost(ConfigurationValidator.choiceIndices(space, widths));
    }

    private static DnalReport report(JobContext job, DnalState state, double[][] parameters, double beta,
                                     Landing landing) {
        SearchSpace space = job.request().space();
        int[] open = landing.open();
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
     * @param how             "thresholded", "scaled" or "decoded"
     * @param open            per layer, the channels whose gate is open
     * @param thresholdedCost the cost of the open gates rounded onto the widths
     * @param cost            the chosen widths' cost
     */
    record Landing(int[] widths, String how, int[] open, double thresholdedCost, double cost) {
    }
}
