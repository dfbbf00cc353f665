package dev.slimfit.worker.search;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.DnalReport;
import dev.slimfit.core.contract.LatencyCorrection;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.decode.BudgetCorrection;
import dev.slimfit.core.latency.FitOptions;
import dev.slimfit.core.latency.LatencyFitter;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.worker.method.ProgressReporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Tiny DNAL jobs on Fashion-MNIST: within the budget with a gate report; stopped in the gates phase and resumed. */
class DnalSearchTest {

    @BeforeAll
    static void dataset() {
        TinyJobs.requireFashionMnist();
    }

    @Test
    void aTinyJobLandsWithinItsBudgetAndReportsItsGates(@TempDir Path workDir) {
        BudgetCost budget = TinyJobs.macBudget(0.4);
        SearchRequest request = TinyJobs.request(SearchMethod.DNAL, TinyJobs.training(2, 1, 1200), budget,
                workDir);
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();

        SearchOutcome outcome = new DjlSearchEngine(TinyJobs.settings()).run(request, listener);

        assertThat((double) outcome.macs()).isLessThanOrEqualTo(budget.limit());
        double cost = budget.costTable().cost(ConfigurationValidator.choiceIndices(TinyJobs.SPACE,
                outcome.widths()));
        assertThat(cost).isEqualTo(outcome.predictedCost()).isLessThanOrEqualTo(budget.limit());
        assertThat(outcome.testAccuracy()).isGreaterThan(0.3);
        DnalReport report = outcome.dnal();
        assertThat(report).isNotNull();
        assertThat(report.landing()).isIn("thresholded", "scaled", "decoded");
        assertThat(report.budgetUsed()).isCloseTo(cost / budget.limit(), org.assertj.core.data.Offset.offset(1e-9))
                .isLessThanOrEqualTo(1.0);
        assertThat(report.layers()).hasSize(TinyJobs.SPACE.layerCount());
        for (DnalReport.GateLayer layer : report.layers()) {
            assertThat(layer.histogram().stream().mapToInt(Integer::intValue).sum()).isEqualTo(layer.channels());
            assertThat(layer.width()).isEqualTo(outcome.widths()[layer.layer()]);
            assertThat(TinyJobs.SPACE.layer(layer.layer()).widthChoices()).contains(layer.width());
        }
        assertThat(report.lambda()).isPositive();
        assertThat(listener.progress).extracting(JobProgress::phase).contains("weights", "gates", "prune",
                "fine-tune", "evaluate");
        assertThat(listener.progress).filteredOn(p -> "gates".equals(p.phase()) && p.step() > p.phaseStep())
                .isNotEmpty().allSatisfy(p -> assertThat(p.losses()).containsKeys("expectedCostShare", "lambda",
                        "beta", "crossEntropy"));
    }

    /**
     * Under a latency budget on a device 30% slower than its table, the landing is measured, recalibrated and landed
     * again before fine-tuning; the network trained is the one that measured within the budget.
     */
    @Test
    void aLatencyJobOnADeviceSlowerThanItsTableLandsAgainAndMeetsTheBudgetAsMeasured(@TempDir Path workDir) {
        java.util.Random random = new java.util.Random(3);
        java.util.List<Measurement> planted = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int[] widths = new int[TinyJobs.SPACE.layerCount()];
            for (int l = 0; l < widths.length; l++) {
                java.util.List<Integer> choices = TinyJobs.SPACE.layer(l).widthChoices();
                widths[l] = choices.get(random.nextInt(choices.size()));
            }
            planted.add(new Measurement(widths, 0.05 + 2e-6 * NetworkCost.macs(TinyJobs.SPACE, widths)));
        }
        LatencyTable table = LatencyFitter.fit(TinyJobs.SPACE, planted, FitOptions.defaults()).table();
        double low = table.predictMs(TinyJobs.SPACE.smallest());
        double high = table.predictMs(TinyJobs.SPACE.largest());
        BudgetCost budget = BudgetCost.of(Budget.ofLatency(low + 0.5 * (high - low), "planted"), TinyJobs.SPACE,
                table);
        java.util.List<int[]> measured = new java.util.concurrent.CopyOnWriteArrayList<>();
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener() {
            @Override
            public DeviceChecks deviceChecks() {
                return new DeviceChecks(3, (widths, round) -> {
                    measured.add(widths);
                    return BudgetCorrection.Answer.measured(1.3 * table.predictMs(widths));
                });
            }
        };
        SearchRequest request = TinyJobs.request(SearchMethod.DNAL, TinyJobs.training(2, 1, 1200), budget,
                workDir);

        SearchOutcome outcome = new DjlSearchEngine(TinyJobs.settings()).run(request, listener);

        LatencyCorrection correction = outcome.latencyCorrection();
        assertThat(correction).isNotNull();
        assertThat(correction.outcome()).as(correction.toString()).isEqualTo(LatencyCorrection.Outcome.MET);
        assertThat(correction.metInRound()).isEqualTo(2);
        assertThat(measured).hasSize(2);
        assertThat(correction.rounds().get(0).measuredMs()).isGreaterThan(budget.limit());
        assertThat(outcome.widths()).containsExactly(measured.get(1));
        assertThat(1.3 * table.predictMs(outcome.widths())).isLessThanOrEqualTo(budget.limit());
        assertThat(outcome.dnal().layers()).extracting(DnalReport.GateLayer::width)
                .containsExactly(java.util.Arrays.stream(outcome.widths()).boxed().toArray(Integer[]::new));
    }

    @Test
    void aWorkerStoppedDuringTheGatesPhaseResumesThereWithItsGatesAndLambda(@TempDir Path workDir) {
        BudgetCost budget = TinyJobs.macBudget(0.5);
        SearchRequest request = TinyJobs.request(SearchMethod.DNAL, TinyJobs.training(2, 1, 1000), budget,
                workDir);
        AtomicBoolean inGates = new AtomicBoolean();
        TinyJobs.RecordingListener first = new TinyJobs.RecordingListener(
                call -> inGates.get() ? SearchListener.Stop.SHUTDOWN : SearchListener.Stop.NONE) {
            @Override
            public void progress(JobProgress snapshot) {
                super.progress(snapshot);
                if ("gates".equals(snapshot.phase()) && snapshot.phaseStep() >= 3) {
                    inGates.set(true);
                }
            }
        };
        DjlSearchEngine engine = new DjlSearchEngine(TinyJobs.settings());

        SearchStoppedException stopped = catchThrowableOfType(SearchStoppedException.class,
                () -> engine.run(request, first));
        assertThat(stopped.reason()).isEqualTo(SearchListener.Stop.SHUTDOWN);

        TinyJobs.RecordingListener second = new TinyJobs.RecordingListener();
        SearchOutcome outcome = engine.run(new SearchRequest(request.jobId(), request.method(), request.space(),
                request.dataset(), request.training(), request.budget(), workDir, 2), second);

        JobProgress resumed = second.progress.get(0);
        assertThat(resumed.phase()).isEqualTo("gates");
        assertThat(resumed.phaseStep()).isGreaterThanOrEqualTo(3);
        assertThat(resumed.losses()).containsKey(ProgressReporter.RESUMED_FROM_EPOCH);
        assertThat(second.progress).extracting(JobProgress::phase).doesNotContain("weights");
        assertThat((double) outcome.macs()).isLessThanOrEqualTo(budget.limit());
        assertThat(outcome.dnal()).isNotNull();
        assertThat(outcome.metrics()).containsKey("resumedFromEpoch");
    }
}
