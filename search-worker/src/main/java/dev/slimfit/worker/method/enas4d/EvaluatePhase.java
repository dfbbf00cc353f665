package dev.slimfit.worker.method.enas4d;

import dev.slimfit.core.contract.EarlyExitReport;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.method.RunSupport;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.staged.ExitPolicy;
import dev.slimfit.worker.search.staged.ExitScores;
import dev.slimfit.worker.search.staged.StagedEvaluation;
import dev.slimfit.worker.search.staged.StagedSteps;
import dev.slimfit.worker.search.staged.ThresholdCalibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-calibrates the fine-tuned network and measures it: batch-norm statistics recalibrated, thresholds calibrated
 * again on the whole validation split (direct search, with MSDNet's p-sweep reported beside it), then the test split
 * answered with early exits under those thresholds: accuracy, measured average MACs, exit shares, each exit's own
 * accuracy, the worst case. Writes the artifacts (thresholds included) and the outcome, whose typed
 * {@link EarlyExitReport} carries the configuration, thresholds and exit shares (the metrics keep the scalar
 * figures).
 */
final class EvaluatePhase implements Phase<Enas4dState> {

    /** The calibration the thresholds in the result come from (see {@link ThresholdCalibration#direct}). */
    static final String CALIBRATION = "direct";

    private final Enas4dSettings settings;

    EvaluatePhase(Enas4dSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return Enas4dMethod.EVALUATE;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
        return StagedJob.snapshot(state.search.configuration(), state.search.validationAverageMacs());
    }

    @Override
    public void run(Enas4dState state, PhaseRun run) {
        JobContext job = run.job();
        StagedSpace space = StagedJob.searchable(job);
        StagedConfiguration configuration = state.search.configuration();
        long budget = StagedJob.budget(job);
        long[] cumulative = StagedCost.cumulativeMacs(space, configuration);
        StagedEvaluation.recalibrate(state.plain, configuration, job.train(), settings.calibrationImages(),
                job.evaluationBatchSize(), job.root());
        ExitScores validation = StagedEvaluation.score(state.plain, configuration, job.validation(),
                job.data().validation().labels(), Integer.MAX_VALUE, job.evaluationBatchSize(), job.root());
        ExitPolicy.Outcome calibrated = ThresholdCalibration.direct(validation, cumulative, budget,
                settings.budgetZ()).orElseThrow(() -> new IllegalStateException("the chosen configuration "
                + configuration + " cannot meet the budget " + budget + " after fine-tuning"));
        ExitPolicy.Outcome msdNet = ThresholdCalibration.msdNet(validation, cumulative, budget, settings.budgetZ())
                .orElse(null);
        ExitScores test = StagedEvaluation.score(state.plain, configuration, job.test(),
                job.data().test().labels(), Integer.MAX_VALUE, job.evaluationBatchSize(), job.root());
        ExitPolicy.Outcome measured = ExitPolicy.apply(test, calibrated.thresholds(), cumulative);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("averageMacs", measured.averageMacs());
        metrics.put("budgetAverageMacs", (double) budget);
        metrics.put("worstCaseMacs", (double) StagedCost.worstCaseMacs(space, configuration));
        metrics.put("validationAccuracy", calibrated.accuracy());
        metrics.put("validationAverageMacs", calibrated.averageMacs());
        if (msdNet != null) {
            ExitPolicy.Outcome msdNetTest = ExitPolicy.apply(test, msdNet.thresholds(), cumulative);
            metrics.put("msdNetValidationAccuracy", msdNet.accuracy());
            metrics.put("msdNetTestAccuracy", msdNetTest.accuracy());
            metrics.put("msdNetAverageMacs", msdNetTest.averageMacs());
        }
        metrics.put("supernetValidationAccuracy", state.search.validationAccuracy());
        metrics.put("supernetMsdNetValidationAccuracy", state.search.msdNetAccuracy());
        metrics.put("searchEvaluated", (double) state.search.evaluated());
        metrics.put("searchSeconds", state.search.seconds());
        if (state.supernetFigures != null) {
            metrics.put("supernetSeconds", state.supernetFigures.seconds());
            metrics.put("imagesPerSecond", state.supernetFigures.imagesPerSecond());
            metrics.put("finalLossLargest", state.supernetFigures.losses().getOrDefault(StagedSteps.LOSS_LARGEST,
                    Double.NaN));
            metrics.put("finalLossSampled", state.supernetFigures.losses().getOrDefault(StagedSteps.LOSS_SAMPLED,
                    Double.NaN));
        }
        if (state.fineTuneFigures != null) {
            metrics.put("fineTuneSeconds", state.fineTuneFigures.seconds());
            metrics.put("finalLossFineTune", state.fineTuneFigures.losses().getOrDefault(StagedSteps.LOSS_EXITS,
                    Double.NaN));
        }
        metrics.put("fineTuneDistillationWeight", state.targets == null ? 0.0 : job.settings().distillationWeight());
        RunSupport.putDataMetrics(job, metrics);
        Map<String, java.nio.file.Path> artifacts = StagedArtifacts.write(job.request(), space, configuration,
                state.plain, new StagedArtifacts.Figures(calibrated.thresholds(), calibrated.shares(),
                        calibrated.averageMacs(), measured.shares(), measured.averageMacs(), measured.accuracy()));
        int[] widths = configuration.stages().stream().mapToInt(StageChoice::width).toArray();
        state.outcome = new SearchOutcome(widths, StagedCost.worstCaseMacs(space, configuration),
                StagedCost.totalParams(space, configuration), calibrated.averageMacs(), measured.accuracy(),
                RunSupport.backend(), null, List.of(), metrics, artifacts, null,
                report(space, configuration, budget, calibrated, measured, test));
    }

    /** The typed result: the network, its thresholds, and how the exits shared validation and test images. */
    static EarlyExitReport report(StagedSpace space, StagedConfiguration configuration, long budget,
                                  ExitPolicy.Outcome validation, ExitPolicy.Outcome test, ExitScores testScores) {
        List<EarlyExitReport.Stage> stages = configuration.stages().stream()
                .map(s -> new EarlyExitReport.Stage(s.depth(), s.kernel(), s.width())).toList();
        List<Double> exitAccuracies = new ArrayList<>();
        for (int k = 0; k < space.stageCount(); k++) {
            exitAccuracies.add(testScores.exitAccuracy(k));
        }
        return new EarlyExitReport(stages, configuration.resolution(), boxed(validation.thresholds()),
                CALIBRATION, boxed(validation.shares()), boxed(test.shares()), exitAccuracies,
                Arrays.stream(StagedCost.cumulativeMacs(space, configuration)).boxed().toList(), budget,
                validation.averageMacs(), test.averageMacs(), StagedCost.worstCaseMacs(space, configuration),
                validation.accuracy(), test.accuracy());
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
