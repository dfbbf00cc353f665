package dev.slimfit.worker.method.dnal;

import dev.slimfit.worker.method.FinalNetwork;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.RunSupport;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.nn.ChainNetwork;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measures the fine-tuned pruned network (test and validation accuracy, exact costs) and reports the gates. */
final class EvaluatePhase implements Phase<DnalState> {

    @Override
    public String name() {
        return DnalMethod.EVALUATE;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, DnalState state) {
        return PlainTraining.snapshotOf(job, state.pruned.widths());
    }

    @Override
    public void run(DnalState state, PhaseRun run) {
        JobContext job = run.job();
        int[] widths = state.pruned.widths();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        FinalNetwork result = FinalNetwork.measure(job, state.plain, chain, widths, state.plainManager);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validationAccuracy", result.validationAccuracy());
        metrics.put("prunedValidationAccuracy", state.pruned.prunedValidationAccuracy());
        metrics.put("lambda", state.pruned.report().lambda());
        metrics.put("budgetUsed", state.pruned.report().budgetUsed());
        putFigures(metrics, "weights", state.weightsFigures);
        putFigures(metrics, "gates", state.gatesFigures);
        metrics.put("finalLossGatesTask", state.gatesFigures == null ? Double.NaN
                : state.gatesFigures.losses().getOrDefault(GateTraining.LOSS_TASK, Double.NaN));
        if (job.finalEpochs() > 0) {
            metrics.put("finalLossFineTune", state.fineTuneLosses.getOrDefault(
                    PlainTraining.lossNameFor(state.targets), Double.NaN));
        }
        metrics.put("fineTuneSeconds", state.fineTuneSeconds);
        metrics.put("fineTuneDistillationWeight", state.targets == null ? 0.0 : job.settings().distillationWeight());
        RunSupport.putDataMetrics(job, metrics);
        state.outcome = new SearchOutcome(widths, result.macs(), result.params(), result.predictedCost(),
                result.testAccuracy(), RunSupport.backend(), state.pruned.unaries(), List.of(), metrics,
                result.artifacts(), state.pruned.report()).withLatencyCorrection(state.pruned.latencyCorrection());
    }

    private static void putFigures(Map<String, Double> metrics, String phase, DnalState.Figures figures) {
        metrics.put(phase + "Seconds", figures == null ? Double.NaN : figures.seconds());
        metrics.put(phase + "ImagesPerSecond", figures == null ? Double.NaN : figures.imagesPerSecond());
    }
}
