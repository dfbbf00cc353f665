package dev.slimfit.worker.search.run;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointFile;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.SearchData;
import dev.slimfit.worker.search.decode.WidthDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * One attempt at a job whose inputs are already validated and whose data is read: finds a checkpoint of this job
 * in the work directory (and resumes from it), puts the data on the engine, and runs the method. Every array of
 * the attempt lives in one root manager closed when it ends, however it ends.
 */
public final class Attempt {

    private static final Logger LOG = LoggerFactory.getLogger(Attempt.class);

    private Attempt() {
    }

    public static SearchOutcome run(SearchRequest request, SearchListener listener, EngineSettings settings,
                                    SearchData data) {
        try {
            Files.createDirectories(request.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + request.workDir(), e);
        }
        CheckpointFile checkpointFile = new CheckpointFile(request.workDir());
        String fingerprint = fingerprint(request);
        Checkpoint resume = matching(checkpointFile.read(), fingerprint, request).orElse(null);
        boolean oneShot = request.method() != SearchMethod.UNIFORM;
        TrainingSettings training = request.training();
        try (NDManager root = OfflinePyTorch.newManager();
             DeviceDataset train = DeviceDataset.upload(data.train(), data.normalization(), root);
             DeviceDataset validation = DeviceDataset.upload(data.validation(), data.normalization(), root);
             DeviceDataset test = DeviceDataset.upload(data.test(), data.normalization(), root)) {
            int stepsPerEpoch = train.trainingBatches(training.batchSize());
            int totalEpochs = training.epochs() + training.finalEpochs();
            JobPlan plan = oneShot
                    ? new JobPlan(training.epochs(), training.finalEpochs(), stepsPerEpoch,
                    2 + settings.sampledPerStep())
                    : new JobPlan(0, totalEpochs, stepsPerEpoch, 1);
            ProgressReporter progress = new ProgressReporter(listener, settings.progressInterval(), plan,
                    System::nanoTime);
            RunContext context = new RunContext(request, listener, settings, root, data, train, validation, test,
                    checkpointFile, fingerprint, plan, progress, new WidthDecoder(request.space(), request.budget()));
            if (resume != null) {
                LOG.info("job {} attempt {}: resuming from the checkpoint after epoch {} (step {} of {})",
                        request.jobId(), request.attempt(), resume.state().completedEpochs(),
                        resume.state().globalStep(), plan.totalSteps());
            }
            SearchOutcome outcome = oneShot ? new OneShotRun(context).run(resume) : new UniformRun(context).run(resume);
            if (resume != null) {
                outcome.metrics().put("resumedFromEpoch", (double) resume.state().completedEpochs());
            }
            return outcome;
        }
    }

    /** Identifies the job and every setting that shapes its training, so a foreign checkpoint is never resumed. */
    static String fingerprint(SearchRequest request) {
        TrainingSettings training = request.training();
        return String.join("|", "v1", String.valueOf(request.jobId()), request.method().name(),
                request.space().name(), request.dataset(), Integer.toString(training.epochs()),
                Integer.toString(training.finalEpochs()), Integer.toString(training.batchSize()),
                Long.toString(training.seed()), String.valueOf(training.trainImages()),
                request.budget().kind().name(), Double.toString(request.budget().limit()));
    }

    private static Optional<Checkpoint> matching(Optional<Checkpoint> stored, String fingerprint,
                                                 SearchRequest request) {
        if (stored.isPresent() && !stored.get().state().fingerprint().equals(fingerprint)) {
            LOG.warn("job {}: ignoring the checkpoint in {}: it belongs to another job or other settings ({})",
                    request.jobId(), request.workDir(), stored.get().state().fingerprint());
            return Optional.empty();
        }
        return stored;
    }
}
