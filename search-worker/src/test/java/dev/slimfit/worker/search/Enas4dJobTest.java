package dev.slimfit.worker.search;

import dev.slimfit.core.contract.EarlyExitReport;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.decode.InfeasibleBudgetException;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import dev.slimfit.worker.method.MethodRegistry;
import dev.slimfit.worker.method.enas4d.Enas4dMethod;
import dev.slimfit.worker.method.enas4d.Enas4dSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Tiny ENAS4D jobs on Fashion-MNIST through the engine: every phase, the budget on the test split, a resume. */
class Enas4dJobTest {

    static final StagedSpace SPACE = StagedSpaces.find("fmnist-stages").orElseThrow();
    /** A third of the way from the cheapest way out to the largest network's worst case. */
    static final long BUDGET = StagedCost.cumulativeMacs(SPACE, SPACE.smallest(), 0)
            + (StagedCost.worstCaseMacs(SPACE, SPACE.largest()) - StagedCost.cumulativeMacs(SPACE, SPACE.smallest(), 0))
            / 3;

    private final DjlSearchEngine engine = new DjlSearchEngine(TinyJobs.settings(), MethodRegistry.of(List.of(
            new Enas4dMethod(Enas4dSettings.defaults().withSearch(6, 2, 2)))));

    @BeforeAll
    static void data() {
        TinyJobs.requireFashionMnist();
    }

    static SearchRequest request(TrainingSettings training, long budget, Path workDir) {
        return SearchRequest.staged(UUID.nameUUIDFromBytes(workDir.toString().getBytes()), SearchMethod.ENAS4D, SPACE,
                "fashion-mnist", training, budget, workDir, 1);
    }

    @Test
    void aTinyJobMeetsItsAverageMacBudgetOnTheTestSplitAndReportsItsExits(@TempDir Path workDir) throws Exception {
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();

        SearchOutcome outcome = engine.run(request(TinyJobs.training(1, 1, 2000), BUDGET, workDir), listener);

        assertThat(outcome.metrics().get("averageMacs")).isPositive().isLessThanOrEqualTo((double) BUDGET);
        assertThat(outcome.predictedCost()).isLessThanOrEqualTo(BUDGET);
        assertThat(outcome.testAccuracy()).withFailMessage("%s", outcome.metrics()).isGreaterThan(0.25);
        EarlyExitReport report = outcome.enas4d();
        assertThat(report).as("the typed early-exit report").isNotNull();
        assertThat(outcome.dnal()).isNull();
        assertThat(report.stages()).hasSize(3);
        assertThat(report.thresholds()).hasSize(3);
        assertThat(report.thresholds().get(2)).as("the last exit always answers").isZero();
        assertThat(report.exitAccuracies()).hasSize(3).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
        assertThat(report.testExitShares().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                within(1e-9));
        assertThat(report.validationExitShares().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0,
                within(1e-9));
        assertThat(report.testAverageMacs()).isEqualTo(outcome.metrics().get("averageMacs"));
        assertThat(report.testAccuracy()).isEqualTo(outcome.testAccuracy());
        assertThat(report.calibration()).isEqualTo("direct");
        assertThat(report.budgetAverageMacs()).isEqualTo(BUDGET);
        assertThat(report.cumulativeMacs()).isSorted().last().isEqualTo(report.worstCaseMacs());
        for (int k = 0; k < 3; k++) {
            assertThat(report.stages().get(k).width()).isEqualTo(outcome.widths()[k]);
        }
        assertThat(outcome.macs()).as("worst case").isEqualTo(report.worstCaseMacs())
                .isGreaterThanOrEqualTo(outcome.metrics().get("averageMacs").longValue());
        assertThat(outcome.widths()).hasSize(3);
        assertThat(listener.progress).extracting(JobProgress::phase)
                .contains("supernet", "search", "fine-tune", "evaluate");
        assertThat(listener.progress).filteredOn(p -> "search".equals(p.phase()))
                .anySatisfy(p -> assertThat(p.losses()).containsKeys("searchGeneration", "bestValidationAccuracy"));
        JsonNode architecture = JsonMapper.builder().build().readTree(
                Files.readAllBytes(outcome.artifacts().get("architecture.json")));
        assertThat(architecture.get("thresholds")).hasSize(3);
        assertThat(architecture.get("thresholds").get(0).asDouble())
                .isEqualTo(report.thresholds().get(0));
        assertThat(architecture.get("configuration").get("stages")).hasSize(3);
        assertThat(Files.size(outcome.artifacts().get("weights.ndlist"))).isPositive();
    }

    @Test
    void aJobStoppedInItsFineTuneResumesThereAndFinishes(@TempDir Path workDir) {
        TrainingSettings training = TinyJobs.training(1, 2, 400);
        SearchRequest request = request(training, BUDGET, workDir);
        // SHUTDOWN once the second fine-tune epoch (job epoch 3) has begun
        TinyJobs.RecordingListener stopping = new TinyJobs.RecordingListener() {
            @Override
            public Stop stopRequested() {
                boolean secondFineTuneEpoch = progress.stream()
                        .anyMatch(p -> "fine-tune".equals(p.phase()) && p.epoch() == 3);
                return secondFineTuneEpoch ? Stop.SHUTDOWN : Stop.NONE;
            }
        };
        assertThatThrownBy(() -> engine.run(request, stopping)).isInstanceOf(SearchStoppedException.class);
        assertThat(stopping.checkpoints).isNotEmpty();

        TinyJobs.RecordingListener resumed = new TinyJobs.RecordingListener();
        SearchOutcome outcome = engine.run(request, resumed);

        assertThat(outcome.metrics().get("resumedFromEpoch")).isGreaterThanOrEqualTo(2.0);
        assertThat(resumed.progress).extracting(JobProgress::phase).doesNotContain("supernet", "search");
        assertThat(outcome.metrics().get("averageMacs")).isLessThanOrEqualTo((double) BUDGET);
    }

    @Test
    void aBudgetBelowTheCheapestExitIsInfeasible(@TempDir Path workDir) {
        long minimum = StagedCost.cumulativeMacs(SPACE, SPACE.smallest(), 0);
        assertThatThrownBy(() -> engine.run(request(TinyJobs.training(1, 0, 200), minimum - 1, workDir),
                new TinyJobs.RecordingListener()))
                .isInstanceOf(InfeasibleBudgetException.class)
                .hasMessageContaining(Long.toString(minimum));
    }
}
