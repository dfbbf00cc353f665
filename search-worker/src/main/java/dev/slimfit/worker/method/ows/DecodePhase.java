package dev.slimfit.worker.method.ows;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.decode.BudgetCorrection;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.MeasuredBudget;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.Accuracy;
import dev.slimfit.worker.search.train.BatchNormCalibration;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.UnaryEvaluation;

import java.util.Map;
import java.util.Random;

/**
 * From the trained supernet to the network to fine-tune: unaries evaluated on the supernet
 * ({@link UnaryEvaluation}: paired, balanced configurations on held-out images) and decoded exactly under the
 * budget (for a latency budget, measured on the device and corrected until it fits as measured:
 * {@link MeasuredBudget}); the decoded plain network copied out; the teacher's targets (the largest configuration, batch-norm
 * re-estimated) computed for fine-tuning; the decoded network's batch norm re-estimated and its validation accuracy
 * measured as the supernet's accuracy proxy. The supernet is dropped at the end.
 */
final class DecodePhase implements Phase<OwsState> {

    @Override
    public String name() {
        return OwsMethod.DECODE;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, OwsState state) {
        return SupernetTraining.snapshotOf(job, state.evidence);
    }

    @Override
    public void run(OwsState state, PhaseRun run) {
        JobContext job = run.job();
        SearchSpace space = job.request().space();
        ChainNetwork supernet = ChainNetwork.of(space, state.supernet);
        double[][] unaries = evaluatedUnaries(job, supernet, state.supernetManager);
        BudgetCorrection.Decode decode = (budget, decoder) -> unaries != null
                ? decoder.widths(decoder.decode(unaries))
                : SupernetTraining.currentDecode(space, budget, decoder, state.evidence);
        int[] first = decode.widths(job.request().budget(), job.decoder());
        BudgetCorrection.Result measured = MeasuredBudget.correct(job, first, decode);
        int[] widths = measured == null ? first : measured.widths();
        OwsState.SupernetFigures figures = state.supernetFigures;
        Map<String, Double> losses = figures.losses() == null ? Map.of() : figures.losses();
        SupernetSummary summary = new SupernetSummary(widths, Double.NaN,
                losses.getOrDefault(SupernetTraining.LOSS_LARGEST, Double.NaN),
                losses.getOrDefault(SupernetTraining.LOSS_SMALLEST, Double.NaN),
                losses.getOrDefault(SupernetTraining.LOSS_SAMPLED, Double.NaN),
                figures.seconds(), figures.imagesPerSecond(), unaries,
                measured == null ? null : measured.report());
        NDManager plainManager = job.root().newSubManager();
        state.plain = state.supernet.toPlain(widths, plainManager);
        state.plainManager = plainManager;
        if (job.settings().distills() && job.finalEpochs() > 0) {
            state.targets = teacherTargets(job, supernet, state.supernetManager);
        }
        OwsMethod.dropSupernet(state);
        ChainNetwork decoded = ChainNetwork.of(space, state.plain);
        BatchNormCalibration.recalibrate(decoded, widths, job.train(), job.batchSize(), job.seed(), plainManager);
        state.summary = summary.withValidationAccuracy(Accuracy.of(decoded, widths, job.validation(),
                job.evaluationBatchSize(), plainManager));
        state.plainOptimizer = OwsMethod.plainOptimizer(job, state);
    }

    /** Unaries measured on the trained supernet, or null where the settings say to decode the evidence. */
    private static double[][] evaluatedUnaries(JobContext job, ChainNetwork supernet, NDManager manager) {
        EngineSettings settings = job.settings();
        if (settings.unaryConfigurations() == 0) {
            return null;
        }
        return UnaryEvaluation.evaluate(supernet, job.validation(), settings.unaryConfigurations(),
                settings.unaryImages(), job.evaluationBatchSize() / 2,
                new Random(job.seed() * 0x2545F4914F6CDD1DL + 17), manager);
    }

    /**
     * The largest configuration of the trained supernet as the fine-tuning teacher: its batch-norm statistics
     * re-estimated for that configuration (the decoded network has already been copied out), then its softened
     * predictions on every training image.
     */
    private static DistillationTargets teacherTargets(JobContext job, ChainNetwork supernet, NDManager manager) {
        SearchSpace space = job.request().space();
        int[] largest = space.largest();
        BatchNormCalibration.recalibrate(supernet, largest, job.train(), job.batchSize(), job.seed(), manager);
        return DistillationTargets.compute(supernet, largest, job.train(), job.data().train().labels(),
                space.classCount(), job.evaluationBatchSize(), job.settings().distillationWeight(),
                job.settings().distillationTemperature(), manager);
    }
}
