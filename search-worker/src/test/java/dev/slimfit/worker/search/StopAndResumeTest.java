package dev.slimfit.worker.search;

import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointFile;
import dev.slimfit.worker.method.ProgressReporter;
import dev.slimfit.worker.search.train.DistillationTargets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** SHUTDOWN checkpoints and a later run resumes; CANCEL stops before the next step. */
class StopAndResumeTest {

    @BeforeAll
    static void dataset() {
        TinyJobs.requireFashionMnist();
    }

    /** Records everything and asks for SHUTDOWN at the first stop check after the checkpoint of {@code epoch}. */
    private static TinyJobs.RecordingListener shutdownAfterCheckpoint(int epoch) {
        AtomicBoolean reached = new AtomicBoolean();
        return new TinyJobs.RecordingListener(
                call -> reached.get() ? SearchListener.Stop.SHUTDOWN : SearchListener.Stop.NONE) {
            @Override
            public void checkpointed(int checkpointedEpoch) {
                super.checkpointed(checkpointedEpoch);
                reached.compareAndSet(false, checkpointedEpoch == epoch);
            }
        };
    }

    @Test
    void shutdownAfterTheFirstEpochCheckpointsAndTheNextRunResumesAtEpochTwo(@TempDir Path workDir) {
        SearchRequest request = TinyJobs.request(SearchMethod.OWS, TinyJobs.training(2, 1, 1000),
                TinyJobs.macBudget(0.5), workDir);
        TinyJobs.RecordingListener first = shutdownAfterCheckpoint(1);
        DjlSearchEngine engine = new DjlSearchEngine(TinyJobs.settings());

        SearchStoppedException stopped = catchThrowableOfType(SearchStoppedException.class,
                () -> engine.run(request, first));

        assertThat(stopped.reason()).isEqualTo(SearchListener.Stop.SHUTDOWN);
        // Stopped before any step of epoch 2, so the epoch-1 checkpoint is the latest and is not rewritten.
        assertThat(first.checkpoints).containsExactly(1);
        assertThat(workDir.resolve("checkpoint.bin")).isRegularFile();
        assertThat(first.progress).extracting(JobProgress::epoch).containsOnly(1);

        TinyJobs.RecordingListener second = new TinyJobs.RecordingListener();
        SearchOutcome outcome = engine.run(new SearchRequest(request.jobId(), request.method(), request.space(),
                request.dataset(), request.training(), request.budget(), workDir, 2), second);

        JobProgress resumed = second.progress.get(0);
        assertThat(resumed.losses()).containsEntry(ProgressReporter.RESUMED_FROM_EPOCH, 1.0);
        assertThat(resumed.epoch()).isEqualTo(2);
        long stepsPerEpoch = resumed.totalSteps() / 3;
        assertThat(resumed.step()).isEqualTo(stepsPerEpoch);
        assertThat(second.progress).extracting(JobProgress::epoch).allMatch(epoch -> epoch >= 2);
        assertThat(second.checkpoints).containsExactly(2, 3);
        assertThat(outcome.metrics()).containsEntry("resumedFromEpoch", 1.0);
        assertThat((double) outcome.macs()).isLessThanOrEqualTo(request.budget().limit());
        assertThat(outcome.testAccuracy()).isGreaterThan(0.2);
    }

    @Test
    void shutdownDuringDistilledFineTuningResumesFromTheTeachersTargetsWithoutTheSupernet(@TempDir Path workDir) {
        SearchRequest request = TinyJobs.request(SearchMethod.OWS, TinyJobs.training(1, 2, 1000),
                TinyJobs.macBudget(0.5), workDir);
        EngineSettings settings = TinyJobs.settings().withDistillation(0.6, 2.0);
        TinyJobs.RecordingListener first = shutdownAfterCheckpoint(2);
        DjlSearchEngine engine = new DjlSearchEngine(settings);

        assertThatThrownBy(() -> engine.run(request, first)).isInstanceOf(SearchStoppedException.class);

        assertThat(first.checkpoints).containsExactly(1, 2);
        Checkpoint stored = new CheckpointFile(workDir).read().orElseThrow();
        assertThat(stored.header().phase()).isEqualTo("fine-tune");
        assertThat(stored.header().phaseComplete()).isFalse();
        DistillationTargets targets = DistillationTargets.decode(stored.required("targets"));
        assertThat(targets.classes()).isEqualTo(10);
        assertThat(targets.images()).isBetween(500, 1000);
        for (int n = 0; n < targets.images(); n++) {
            double rowSum = 0;
            double largest = 0;
            for (int k = 0; k < 10; k++) {
                rowSum += targets.values()[n * 10 + k];
                largest = Math.max(largest, targets.values()[n * 10 + k]);
            }
            assertThat(rowSum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            // The label's share alone is 0.4; the teacher's 0.6 is spread, never a one-hot.
            assertThat(largest).isGreaterThanOrEqualTo(0.4).isLessThan(1.0);
        }
        assertThat(first.progress).anyMatch(snapshot -> snapshot.losses().containsKey("distillation"));

        TinyJobs.RecordingListener second = new TinyJobs.RecordingListener();
        SearchOutcome outcome = engine.run(new SearchRequest(request.jobId(), request.method(), request.space(),
                request.dataset(), request.training(), request.budget(), workDir, 2), second);

        assertThat(second.checkpoints).containsExactly(3);
        assertThat(outcome.metrics()).containsEntry("resumedFromEpoch", 2.0)
                .containsEntry("fineTuneDistillationWeight", 0.6);
        assertThat(second.progress)
                .filteredOn(snapshot -> !snapshot.losses().containsKey(ProgressReporter.RESUMED_FROM_EPOCH))
                .isNotEmpty().allMatch(snapshot -> snapshot.losses().containsKey("distillation"));
        assertThat(outcome.testAccuracy()).isGreaterThan(0.2);
    }

    @Test
    void shutdownMidEpochResumesWithTheNextStep(@TempDir Path workDir) {
        SearchRequest request = TinyJobs.request(SearchMethod.UNIFORM, TinyJobs.training(1, 1, 1000),
                TinyJobs.macBudget(0.5), workDir);
        TinyJobs.RecordingListener first = new TinyJobs.RecordingListener(
                call -> call > 5 ? SearchListener.Stop.SHUTDOWN : SearchListener.Stop.NONE);
        DjlSearchEngine engine = new DjlSearchEngine(TinyJobs.settings());

        assertThatThrownBy(() -> engine.run(request, first)).isInstanceOfSatisfying(SearchStoppedException.class,
                stopped -> assertThat(stopped.reason()).isEqualTo(SearchListener.Stop.SHUTDOWN));
        assertThat(first.checkpoints).containsExactly(0);

        TinyJobs.RecordingListener second = new TinyJobs.RecordingListener();
        engine.run(request, second);

        JobProgress resumed = second.progress.get(0);
        assertThat(resumed.losses()).containsEntry(ProgressReporter.RESUMED_FROM_EPOCH, 0.0);
        assertThat(resumed.epoch()).isEqualTo(1);
        assertThat(resumed.step()).isEqualTo(5);
        assertThat(second.progress.get(1).step()).isEqualTo(6);
        assertThat(second.checkpoints).containsExactly(1, 2);
    }

    @Test
    void anotherJobsCheckpointInTheWorkDirectoryIsNotResumed(@TempDir Path workDir) {
        DjlSearchEngine engine = new DjlSearchEngine(TinyJobs.settings());
        SearchRequest other = TinyJobs.request(SearchMethod.UNIFORM, TinyJobs.training(1, 0, 500),
                TinyJobs.macBudget(0.5), workDir);
        engine.run(other, new TinyJobs.RecordingListener());
        SearchRequest mine = new SearchRequest(java.util.UUID.randomUUID(), other.method(), other.space(),
                other.dataset(), other.training(), other.budget(), workDir, 1);

        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();
        SearchOutcome outcome = engine.run(mine, listener);

        assertThat(outcome.metrics()).doesNotContainKey("resumedFromEpoch");
        assertThat(listener.progress).noneMatch(snapshot -> snapshot.losses()
                .containsKey(ProgressReporter.RESUMED_FROM_EPOCH));
        assertThat(listener.checkpoints).containsExactly(1);
    }

    @Test
    void cancelStopsBeforeTheNextStepWithoutTraining(@TempDir Path workDir) {
        SearchRequest request = TinyJobs.request(SearchMethod.AOWS, TinyJobs.training(2, 1, 1000),
                TinyJobs.macBudget(0.5), workDir);
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener(
                call -> call >= 4 ? SearchListener.Stop.CANCEL : SearchListener.Stop.NONE);

        SearchStoppedException stopped = catchThrowableOfType(SearchStoppedException.class,
                () -> new DjlSearchEngine(TinyJobs.settings()).run(request, listener));
        long stoppedNanos = System.nanoTime();

        assertThat(stopped.reason()).isEqualTo(SearchListener.Stop.CANCEL);
        // The 4th check said CANCEL: three steps ran, and no check (hence no step) followed.
        assertThat(listener.stopChecks).isEqualTo(4);
        assertThat(listener.progress).extracting(JobProgress::step).containsExactly(1L, 2L, 3L);
        assertThat(stoppedNanos - listener.stopReturnedNanos).isLessThan(2_000_000_000L);
        assertThat(listener.checkpoints).isEmpty();
    }
}
