package dev.slimfit.worker.method.uniform;

import dev.slimfit.worker.method.FinalNetwork;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.PlainTraining;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.RunSupport;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.nn.ChainNetwork;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measures the trained baseline; its unaries are all unknown and it has no Pareto front. */
final class EvaluatePhase implements Phase<UniformMethod.State> {

    @Override
    public String name() {
        return UniformMethod.EVALUATE;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, UniformMethod.State state) {
        return PlainTraining.snapshotOf(job, state.widths);
    }

    @Override
    public void run(UniformMethod.State state, PhaseRun run) {
        JobContext job = run.job();
        ChainNetwork chain = ChainNetwork.of(job.request().space(), state.plain);
        FinalNetwork result = FinalNetwork.measure(job, state.plain, chain, state.widths, state.manager);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("uniformMultiplier", state.baseline.multiplier());
        metrics.put("validationAccuracy", result.validationAccuracy());
        metrics.put("finalLossTrain", state.trainLosses.getOrDefault(PlainTraining.LOSS_CROSS_ENTROPY, Double.NaN));
        metrics.put("imagesPerSecond", state.imagesPerSecond);
        metrics.put("trainSeconds", state.trainSeconds);
        RunSupport.putDataMetrics(job, metrics);
        state.outcome = new SearchOutcome(state.widths, result.macs(), result.params(), result.predictedCost(),
                result.testAccuracy(), RunSupport.backend(), unknownUnaries(job), List.of(), metrics,
                result.artifacts());
    }

    /** NaN for every (layer, width): the baseline learns no unaries. */
    private static double[][] unknownUnaries(JobContext job) {
        double[][] unaries = new double[job.request().space().layerCount()][];
        for (int i = 0; i < unaries.length; i++) {
            unaries[i] = new double[job.request().space().layer(i).widthChoices().size()];
            Arrays.fill(unaries[i], Double.NaN);
        }
        return unaries;
    }
}
