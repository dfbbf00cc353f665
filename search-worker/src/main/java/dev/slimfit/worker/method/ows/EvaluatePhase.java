package dev.slimfit.worker.method.ows;

import dev.slimfit.worker.method.FinalNetwork;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.RunSupport;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.sample.UnaryEvidence;

import java.util.LinkedHashMap;
import java.util.Map;

/** Measures the fine-tuned network (test and validation accuracy, exact costs), sweeps the Pareto front. */
final class EvaluatePhase implements Phase<OwsState> {

    @Override
    public String name() {
        return OwsMethod.EVALUATE;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, OwsState state) {
        return PlainTraining.snapshotOf(job, state.summary.widths());
    }

    @Override
    public void run(OwsState state, PhaseRun run) {
        JobContext job = run.job();
        SupernetSummary summary = state.summary;
        int[] widths = summary.widths();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        FinalNetwork result = FinalNetwork.measure(job, state.plain, chain, widths, state.plainManager);
        double[][] unaries = summary.unaries() != null ? summary.unaries() : state.evidence.unaries();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("supernetValidationAccuracy", summary.validationAccuracy());
        metrics.put("validationAccuracy", result.validationAccuracy());
        metrics.put("finalLossLargest", summary.lossLargest());
        metrics.put("finalLossSmallest", summary.lossSmallest());
        metrics.put("finalLossSampled", summary.lossSampled());
        if (job.finalEpochs() > 0) {
            metrics.put("finalLossFineTune", state.fineTuneLosses.getOrDefault(
                    PlainTraining.lossNameFor(state.targets), Double.NaN));
        }
        metrics.put("imagesPerSecond", summary.imagesPerSecond());
        metrics.put("searchSeconds", summary.seconds());
        metrics.put("fineTuneSeconds", state.fineTuneSeconds);
        metrics.put("sampledWidthShare", sampledShare(state.evidence));
        metrics.put("fineTuneDistillationWeight", state.targets == null ? 0.0 : job.settings().distillationWeight());
        RunSupport.putDataMetrics(job, metrics);
        state.outcome = new SearchOutcome(widths, result.macs(), result.params(), result.predictedCost(),
                result.testAccuracy(), RunSupport.backend(), unaries,
                job.decoder().paretoFront(unaries, job.settings().paretoBudgets()), metrics, result.artifacts())
                .withLatencyCorrection(summary.latencyCorrection());
    }

    /** Share of (layer, width) pairs with any unary evidence. */
    static double sampledShare(UnaryEvidence evidence) {
        long sampled = 0;
        long total = 0;
        for (long[] layer : evidence.sampleCounts()) {
            for (long count : layer) {
                total++;
                sampled += count > 0 ? 1 : 0;
            }
        }
        return total == 0 ? 0 : (double) sampled / total;
    }
}
