package dev.slimfit.worker.method;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.SearchStoppedException;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointFile;
import dev.slimfit.worker.search.checkpoint.CheckpointHeader;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.SearchData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs any method's phases in order for one attempt at a job whose inputs are already validated and whose data is
 * read. It finds this job's checkpoint in the work directory and resumes from it: a phase the checkpoint marks
 * complete is skipped, the phase it was written in continues at the recorded epoch and step. It writes a
 * checkpoint at every epoch end (through the {@link EpochLoop}), at the end of every phase without training
 * steps, and on SHUTDOWN mid-epoch; a stop request is also honoured between phases. Each checkpoint holds the
 * runner's {@link CheckpointHeader} and the method's own sections.
 * Every array of the attempt lives in one root manager closed when it ends, however it ends.
 */
public final class PhaseRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseRunner.class);

    private PhaseRunner() {
    }

    public static <S extends MethodState> SearchOutcome run(SearchMethodPlugin<S> method, SearchRequest request,
                                                             SearchListener listener, EngineSettings settings,
                                                             SearchData data) {
        try {
            Files.createDirectories(request.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + request.workDir(), e);
        }
        CheckpointFile checkpointFile = new CheckpointFile(request.workDir());
        String fingerprint = fingerprint(request);
        List<Phase<S>> phases = method.phases();
        Checkpoint resume = matching(checkpointFile.read(), fingerprint, request, phases).orElse(null);
        try (NDManager root = OfflinePyTorch.newManager();
             DeviceDataset train = DeviceDataset.upload(data.train(), data.normalization(), root);
             DeviceDataset validation = DeviceDataset.upload(data.validation(), data.normalization(), root);
             DeviceDataset test = DeviceDataset.upload(data.test(), data.normalization(), root)) {
            WorkPlan plan = plan(phases, request.training(), settings, train.trainingBatches(
                    request.training().batchSize()));
            ProgressReporter progress = new ProgressReporter(listener, settings.progressInterval(), plan,
                    System::nanoTime);
            JobContext job = new JobContext(request, listener, settings, root, data, train, validation, test, plan,
                    progress, request.isStaged() ? null : new WidthDecoder(request.space(), request.budget()));
            SearchOutcome outcome = new Attempt<>(method, job, checkpointFile, fingerprint).run(resume);
            if (resume != null) {
                outcome.metrics().put("resumedFromEpoch", (double) resume.header().completedEpochs());
            }
            return outcome;
        }
    }

    static <S extends MethodState> WorkPlan plan(List<Phase<S>> phases, TrainingSettings training,
                                                 EngineSettings settings, int stepsPerEpoch) {
        List<WorkPlan.PhasePlan> plans = new ArrayList<>();
        for (Phase<S> phase : phases) {
            plans.add(new WorkPlan.PhasePlan(phase.name(), phase.epochs(training), stepsPerEpoch,
                    phase.unitsPerStep(settings)));
        }
        return new WorkPlan(plans);
    }

    /** One attempt: the phases from where the checkpoint left off to the end. */
    private static final class Attempt<S extends MethodState> {

        private final SearchMethodPlugin<S> method;
        private final JobContext job;
        private final CheckpointFile file;
        private final String fingerprint;

        Attempt(SearchMethodPlugin<S> method, JobContext job, CheckpointFile file, String fingerprint) {
            this.method = method;
            this.job = job;
            this.file = file;
            this.fingerprint = fingerprint;
        }

        SearchOutcome run(Checkpoint resume) {
            List<Phase<S>> phases = method.phases();
            int first = 0;
            S state;
            Position position = Position.phaseStart(0, 0);
            Map<String, Double> losses = Map.of();
            if (resume == null) {
                state = method.start(job);
            } else {
                CheckpointHeader header = resume.header();
                int written = job.plan().indexOf(header.phase());
                first = header.phaseComplete() ? written + 1 : written;
                state = method.restore(job, resume);
                position = header.phaseComplete()
                        ? Position.phaseStart(header.completedEpochs(), header.globalStep())
                        : new Position(header.completedEpochs(), header.stepInEpoch(), header.globalStep(),
                        header.phaseStep(), header.phaseSeconds(), header.phaseImages());
                losses = header.lastLosses() == null ? Map.of() : header.lastLosses();
                LOG.info("job {} attempt {}: resuming {} at phase {} after epoch {} (step {} of {})",
                        job.request().jobId(), job.request().attempt(), method.method(),
                        first < phases.size() ? phases.get(first).name() : "(done)", header.completedEpochs(),
                        header.globalStep(), job.plan().totalSteps());
            }
            for (int k = first; k < phases.size(); k++) {
                Phase<S> phase = phases.get(k);
                if (k > first) {
                    stopIfRequested();
                }
                job.progress().enterPhase(k);
                if (resume != null && k == first) {
                    job.progress().resumed(position.completedEpochs(), position.globalStep(), losses,
                            phase.snapshot(job, state));
                } else if (job.plan().phase(k).epochs() == 0) {
                    job.progress().phaseBegan(position.completedEpochs(), position.globalStep(),
                            phase.snapshot(job, state));
                }
                PhaseRun run = new PhaseRun(job, k, position, losses,
                        (at, epochLosses, complete) -> write(phase, state, at, epochLosses, complete));
                phase.run(state, run);
                position = Position.phaseStart(run.end().completedEpochs(), run.end().globalStep());
                losses = run.lastLosses();
                if (job.plan().phase(k).epochs() == 0 && k < phases.size() - 1) {
                    write(phase, state, position, losses, true);
                }
            }
            return method.outcome(job, state);
        }

        /**
         * Between two phases: the previous one is checkpointed as complete, so SHUTDOWN can stop here and the next
         * attempt starts with the next phase.
         */
        private void stopIfRequested() {
            SearchListener.Stop stop = job.listener().stopRequested();
            if (stop != SearchListener.Stop.NONE) {
                throw new SearchStoppedException(stop);
            }
        }

        private void write(Phase<S> phase, S state, Position at, Map<String, Double> losses, boolean complete) {
            CheckpointHeader header = new CheckpointHeader(fingerprint, method.method().name(), phase.name(),
                    complete, at.completedEpochs(), at.stepInEpoch(), at.globalStep(), at.phaseStep(),
                    at.phaseSeconds(), at.phaseImages(), losses);
            file.write(new Checkpoint(header, state.sections()));
        }
    }

    /** Identifies the job and every setting that shapes its training, so a foreign checkpoint is never resumed. */
    static String fingerprint(SearchRequest request) {
        TrainingSettings training = request.training();
        return String.join("|", "v3", String.valueOf(request.jobId()), request.method().name(),
                request.spaceName(), request.dataset(), Integer.toString(training.epochs()),
                Integer.toString(training.finalEpochs()), Integer.toString(training.batchSize()),
                Long.toString(training.seed()), String.valueOf(training.trainImages()),
                request.budgetKindName(), Double.toString(request.budgetLimit()));
    }

    private static <S extends MethodState> Optional<Checkpoint> matching(Optional<Checkpoint> stored,
                                                                         String fingerprint, SearchRequest request,
                                                                         List<Phase<S>> phases) {
        if (stored.isEmpty()) {
            return stored;
        }
        CheckpointHeader header = stored.get().header();
        if (!header.fingerprint().equals(fingerprint)) {
            LOG.warn("job {}: ignoring the checkpoint in {}: it belongs to another job or other settings ({})",
                    request.jobId(), request.workDir(), header.fingerprint());
            return Optional.empty();
        }
        if (phases.stream().noneMatch(phase -> phase.name().equals(header.phase()))) {
            LOG.warn("job {}: ignoring the checkpoint in {}: its phase {} is not a phase of {}", request.jobId(),
                    request.workDir(), header.phase(), request.method());
            return Optional.empty();
        }
        return stored;
    }
}
