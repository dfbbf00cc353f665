package dev.slimfit.worker.method.enas4d;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.Phase;
import dev.slimfit.worker.method.PhaseRun;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchStoppedException;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;
import dev.slimfit.worker.search.staged.ExitPolicy;
import dev.slimfit.worker.search.staged.ExitScores;
import dev.slimfit.worker.search.staged.StagedEvaluation;
import dev.slimfit.worker.search.staged.StagedNetwork;
import dev.slimfit.worker.search.staged.ThresholdCalibration;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Searches the trained supernet for the configuration and thresholds with the best validation accuracy under the
 * average-MAC budget ({@link EvolutionarySearch}): each candidate's batch-norm statistics are recalibrated, its
 * exits scored on validation images, and its thresholds calibrated to the budget ({@link ThresholdCalibration});
 * its score is the accuracy with those thresholds. A progress event after every generation names the best
 * candidate so far. The phase then copies the winner's plain network out of the supernet, with the targets of the
 * largest configuration's final exit for the fine-tune, and drops the supernet. It has no training steps, so it is
 * checkpointed when it ends; a stop during it restarts it from the trained supernet.
 */
final class SearchPhase implements Phase<Enas4dState> {

    static final String GENERATION = "searchGeneration";
    static final String BEST_ACCURACY = "bestValidationAccuracy";
    static final String BEST_MACS = "bestAverageMacs";

    private final Enas4dSettings settings;

    SearchPhase(Enas4dSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return Enas4dMethod.SEARCH;
    }

    @Override
    public ProgressSnapshot snapshot(JobContext job, Enas4dState state) {
        return StagedJob.largestSnapshot(job);
    }

    /** A candidate's calibration and the MSDNet baseline's on the same images. */
    record Calibrated(ExitPolicy.Outcome direct, ExitPolicy.Outcome msdNet) {
    }

    @Override
    public void run(Enas4dState state, PhaseRun run) {
        JobContext job = run.job();
        long started = System.nanoTime();
        StagedSpace space = StagedJob.searchable(job);
        long budget = StagedJob.budget(job);
        int[] labels = job.data().validation().labels();
        EvolutionarySearch search = new EvolutionarySearch(space, settings,
                c -> StagedCost.cumulativeMacs(space, c, 0) <= budget, job.seed());
        EvolutionarySearch.Evaluator<Calibrated> evaluator = configuration -> {
            ExitScores scores = scores(job, state.supernet, configuration, settings.searchImages(), labels);
            long[] cumulative = StagedCost.cumulativeMacs(space, configuration);
            Optional<ExitPolicy.Outcome> direct = ThresholdCalibration.direct(scores, cumulative, budget,
                    settings.budgetZ());
            if (direct.isEmpty()) {
                return Optional.empty();
            }
            ExitPolicy.Outcome msdNet = ThresholdCalibration.msdNet(scores, cumulative, budget, settings.budgetZ())
                    .orElse(null);
            return Optional.of(new EvolutionarySearch.Scored<>(configuration, direct.get().accuracy(),
                    new Calibrated(direct.get(), msdNet)));
        };
        EvolutionarySearch.Result<Calibrated> result = search.run(evaluator, (generation, best, evaluated) -> {
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put(GENERATION, (double) generation);
            figures.put(BEST_ACCURACY, best.score());
            figures.put(BEST_MACS, best.detail().direct().averageMacs());
            job.progress().epochEnded(Math.max(1, run.lastEpoch()), run.start().globalStep(), figures,
                    () -> StagedJob.snapshot(best.configuration(), best.detail().direct().averageMacs()));
            SearchListener.Stop stop = job.listener().stopRequested();
            if (stop != SearchListener.Stop.NONE) {
                throw new SearchStoppedException(stop);
            }
        });
        EvolutionarySearch.Scored<Calibrated> best = result.best();
        state.search = new Enas4dState.SearchSummary(best.configuration(), best.detail().direct().thresholds(),
                best.detail().direct().accuracy(), best.detail().direct().averageMacs(),
                best.detail().msdNet() == null ? Double.NaN : best.detail().msdNet().accuracy(),
                result.bestByGeneration(), result.evaluated(), (System.nanoTime() - started) / 1e9);
        extractPlain(job, state);
    }

    /** Batch-norm recalibrated for {@code configuration}, then every exit scored on the first validation images. */
    ExitScores scores(JobContext job, StagedNetwork network, StagedConfiguration configuration, int images,
                      int[] labels) {
        StagedEvaluation.recalibrate(network, configuration, job.train(), settings.calibrationImages(),
                job.evaluationBatchSize(), job.root());
        return StagedEvaluation.score(network, configuration, job.validation(), labels, images,
                job.evaluationBatchSize(), job.root());
    }

    /** The winner's plain network, recalibrated, its optimiser, and the teacher's targets; the supernet goes. */
    private void extractPlain(JobContext job, Enas4dState state) {
        StagedSpace space = StagedJob.searchable(job);
        state.plainManager = job.root().newSubManager();
        state.plain = state.supernet.extract(state.search.configuration(), state.plainManager);
        StagedEvaluation.recalibrate(state.plain, state.search.configuration(), job.train(),
                settings.calibrationImages(), job.evaluationBatchSize(), job.root());
        state.plainOptimizer = new Sgd(state.plain.trainable(), state.plainManager,
                (float) job.settings().momentum(), (float) job.settings().weightDecay());
        if (job.finalEpochs() > 0 && job.settings().distills()) {
            StagedEvaluation.recalibrate(state.supernet, space.largest(), job.train(), settings.calibrationImages(),
                    job.evaluationBatchSize(), job.root());
            state.targets = teacherTargets(job, state.supernet, space.largest());
        }
        state.dropSupernet();
    }

    /**
     * Per training image (stored order) {@code (1 - w) * onehot(label) + w * softmax(teacher / T)} of the largest
     * configuration's final exit, as {@link DistillationTargets} documents.
     */
    static DistillationTargets teacherTargets(JobContext job, StagedNetwork teacher, StagedConfiguration largest) {
        DeviceDataset train = job.train();
        int[] labels = job.data().train().labels();
        int classes = teacher.space().classCount();
        int exits = teacher.space().stageCount();
        double weight = job.settings().distillationWeight();
        float temperature = (float) job.settings().distillationTemperature();
        float[] values = new float[train.size() * classes];
        int batchSize = job.evaluationBatchSize();
        DeviceDataset.Batches batches = train.inOrder();
        try (GradMode ignored = GradMode.inference()) {
            for (int start = 0; start < train.size(); start += batchSize) {
                int end = Math.min(train.size(), start + batchSize);
                try (NDManager step = job.root().newSubManager()) {
                    DeviceDataset.Batch batch = batches.slice(step, start, end);
                    NDArray[] logits = teacher.forward(step, batch.images(), largest, exits, false,
                            StagedNetwork.BATCH_NORM_MOMENTUM);
                    NDArray scaled = temperature == 1f ? logits[exits - 1] : logits[exits - 1].div(temperature);
                    NDArray probabilities = TorchOps.softmax(scaled);
                    float[] p = probabilities.toFloatArray();
                    for (int i = start; i < end; i++) {
                        for (int c = 0; c < classes; c++) {
                            double hard = labels[i] == c ? 1 : 0;
                            values[i * classes + c] = (float) ((1 - weight) * hard
                                    + weight * p[(i - start) * classes + c]);
                        }
                    }
                }
            }
        }
        return new DistillationTargets(classes, values);
    }
}
