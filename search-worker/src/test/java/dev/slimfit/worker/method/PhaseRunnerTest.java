package dev.slimfit.worker.method;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.FashionMnist;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.SearchStoppedException;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.checkpoint.CheckpointFile;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.data.DatasetSource;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.SearchData;
import dev.slimfit.worker.search.data.SearchDataLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The runner knows nothing of any real method: a toy method of two phases (a training phase that only counts its
 * steps, then a phase without steps that reports the count) is checkpointed and resumed between its phases and
 * within the first, through the same runner and checkpoint file the real methods use.
 */
class PhaseRunnerTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final TrainingSettings TRAINING = new TrainingSettings(2, 0, 50, 3L, 300);
    private static SearchData data;

    @BeforeAll
    static void dataset() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY),
                "SKIPPED: Fashion-MNIST not found in " + FashionMnist.DEFAULT_DIRECTORY
                        + "; install dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
        data = SearchDataLoader.load(DatasetSource.parse("fashion-mnist", FashionMnist.DEFAULT_DIRECTORY), SPACE,
                TRAINING);
    }

    /** The toy's state: how many steps it has counted. */
    static final class Count implements MethodState {
        int steps;
        SearchOutcome outcome;

        record Saved(int steps) {
        }

        @Override
        public Map<String, byte[]> sections() {
            return Map.of("count.json", StateJson.write(new Saved(steps)));
        }
    }

    /** Two phases: "count" (one step per batch, for the job's epochs), then "report" (no steps). */
    static final class Toy implements SearchMethodPlugin<Count> {
        final AtomicInteger stepCalls = new AtomicInteger();
        final AtomicInteger reportRuns = new AtomicInteger();

        @Override
        public SearchMethod method() {
            return SearchMethod.OWS;
        }

        @Override
        public void check(SearchRequest request) {
        }

        @Override
        public List<Phase<Count>> phases() {
            return List.of(new CountPhase(), new ReportPhase());
        }

        @Override
        public Count start(JobContext job) {
            return new Count();
        }

        @Override
        public Count restore(JobContext job, Checkpoint checkpoint) {
            Count count = new Count();
            count.steps = StateJson.read(checkpoint.required("count.json"), Count.Saved.class).steps();
            return count;
        }

        @Override
        public SearchOutcome outcome(JobContext job, Count state) {
            return state.outcome;
        }

        final class CountPhase implements Phase<Count> {
            @Override
            public String name() {
                return "count";
            }

            @Override
            public int epochs(TrainingSettings training) {
                return training.epochs();
            }

            @Override
            public ProgressSnapshot snapshot(JobContext job, Count state) {
                return new ProgressSnapshot(List.of(), (double) state.steps);
            }

            @Override
            public void run(Count state, PhaseRun run) {
                run.train(new EpochTraining() {
                    @Override
                    public Map<String, Double> step(NDManager stepManager, DeviceDataset.Batch batch, long phaseStep,
                                                    long globalStep) {
                        stepCalls.incrementAndGet();
                        state.steps++;
                        return Map.of("toy", (double) phaseStep);
                    }

                    @Override
                    public ProgressSnapshot snapshot() {
                        return new ProgressSnapshot(List.of(), (double) state.steps);
                    }
                });
            }
        }

        final class ReportPhase implements Phase<Count> {
            @Override
            public String name() {
                return "report";
            }

            @Override
            public ProgressSnapshot snapshot(JobContext job, Count state) {
                return new ProgressSnapshot(List.of(), (double) state.steps);
            }

            @Override
            public void run(Count state, PhaseRun run) {
                reportRuns.incrementAndGet();
                Map<String, Double> metrics = new HashMap<>();
                metrics.put("countedSteps", (double) state.steps);
                state.outcome = new SearchOutcome(SPACE.smallest(), 0, 0, 0, 0, "cpu", new double[0][], List.of(),
                        metrics, Map.of());
            }
        }
    }

    /** Records progress and checkpoints; answers stop checks as {@code stopAtCall} says. */
    static class Listener implements SearchListener {
        final List<JobProgress> progress = new CopyOnWriteArrayList<>();
        final List<Integer> checkpoints = new CopyOnWriteArrayList<>();
        final IntFunction<Stop> stopAtCall;
        int stopChecks;

        Listener(IntFunction<Stop> stopAtCall) {
            this.stopAtCall = stopAtCall;
        }

        @Override
        public Stop stopRequested() {
            return stopAtCall.apply(++stopChecks);
        }

        @Override
        public void progress(JobProgress snapshot) {
            progress.add(snapshot);
        }

        @Override
        public void checkpointed(int epoch) {
            checkpoints.add(epoch);
        }
    }

    private static SearchRequest request(Path workDir) {
        BudgetCost budget = new BudgetCost(Budget.Kind.MACS, CostTables.macs(SPACE).maximumCost(),
                CostTables.macs(SPACE), null);
        return new SearchRequest(UUID.nameUUIDFromBytes(workDir.toString().getBytes()), SearchMethod.OWS, SPACE,
                "fashion-mnist", TRAINING, budget, workDir, 1);
    }

    private static SearchOutcome run(Toy toy, Path workDir, SearchListener listener) {
        EngineSettings settings = EngineSettings.defaults().withProgressInterval(Duration.ZERO);
        return PhaseRunner.run(toy, request(workDir), listener, settings, data);
    }

    @Test
    void aShutdownBetweenThePhasesResumesWithTheSecondWithoutRedoingTheFirst(@TempDir Path workDir) {
        Toy toy = new Toy();
        AtomicBoolean firstPhaseDone = new AtomicBoolean();
        Listener first = new Listener(call -> firstPhaseDone.get() ? SearchListener.Stop.SHUTDOWN
                : SearchListener.Stop.NONE) {
            @Override
            public void checkpointed(int epoch) {
                super.checkpointed(epoch);
                firstPhaseDone.set(epoch == TRAINING.epochs());
            }
        };

        SearchStoppedException stopped = catchThrowableOfType(SearchStoppedException.class,
                () -> run(toy, workDir, first));

        assertThat(stopped.reason()).isEqualTo(SearchListener.Stop.SHUTDOWN);
        int steps = toy.stepCalls.get();
        assertThat(steps).isPositive().isEven(); // two epochs of the same number of batches
        assertThat(first.checkpoints).containsExactly(1, 2);
        assertThat(toy.reportRuns).hasValue(0);
        Checkpoint stored = new CheckpointFile(workDir).read().orElseThrow();
        assertThat(stored.header().phase()).isEqualTo("count");
        assertThat(stored.header().phaseComplete()).isTrue();
        assertThat(stored.header().globalStep()).isEqualTo(steps);

        Listener second = new Listener(call -> SearchListener.Stop.NONE);
        SearchOutcome outcome = run(toy, workDir, second);

        assertThat(toy.stepCalls).as("the first phase is not trained again").hasValue(steps);
        assertThat(toy.reportRuns).hasValue(1);
        assertThat(outcome.metrics()).containsEntry("countedSteps", (double) steps)
                .containsEntry("resumedFromEpoch", 2.0);
        JobProgress resumed = second.progress.get(0);
        assertThat(resumed.phase()).isEqualTo("report");
        assertThat(resumed.losses()).containsKey(ProgressReporter.RESUMED_FROM_EPOCH);
        assertThat(resumed.step()).isEqualTo(resumed.totalSteps());
        assertThat(second.checkpoints).isEmpty();
    }

    @Test
    void aShutdownInsideTheFirstPhaseResumesAtTheNextStepAndNamesThePhase(@TempDir Path workDir) {
        Toy toy = new Toy();
        Listener first = new Listener(call -> call > 3 ? SearchListener.Stop.SHUTDOWN : SearchListener.Stop.NONE);

        catchThrowableOfType(SearchStoppedException.class, () -> run(toy, workDir, first));

        assertThat(toy.stepCalls).hasValue(3);
        Checkpoint stored = new CheckpointFile(workDir).read().orElseThrow();
        assertThat(stored.header().phase()).isEqualTo("count");
        assertThat(stored.header().phaseComplete()).isFalse();
        assertThat(stored.header().stepInEpoch()).isEqualTo(3);
        assertThat(first.progress).isNotEmpty().allSatisfy(snapshot -> {
            assertThat(snapshot.phase()).isEqualTo("count");
            assertThat(snapshot.phaseStep()).isEqualTo(snapshot.step());
            assertThat(snapshot.phaseSteps()).isEqualTo(snapshot.totalSteps());
        });

        Listener second = new Listener(call -> SearchListener.Stop.NONE);
        SearchOutcome outcome = run(toy, workDir, second);

        long total = second.progress.get(0).totalSteps();
        assertThat(toy.stepCalls.get()).as("every step ran exactly once over both attempts").isEqualTo(total);
        assertThat(outcome.metrics()).containsEntry("countedSteps", (double) total);
        assertThat(second.progress.get(0).step()).isEqualTo(3);
        assertThat(second.progress).extracting(JobProgress::phase).containsSubsequence("count", "report");
        JobProgress last = second.progress.get(second.progress.size() - 1);
        assertThat(last.phase()).isEqualTo("report");
        assertThat(last.phaseSteps()).isZero();
    }
}
