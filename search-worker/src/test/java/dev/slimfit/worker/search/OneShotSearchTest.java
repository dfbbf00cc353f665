package dev.slimfit.worker.search;

import dev.slimfit.core.cost.BudgetCost;

import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.JobResult.FrontPoint;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.cost.NetworkCost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OWS/AOWS end to end on a tiny Fashion-MNIST job. */
class OneShotSearchTest {

    @BeforeAll
    static void dataset() {
        TinyJobs.requireFashionMnist();
    }

    @Test
    void aowsTinyRunMeetsTheBudgetLearnsAndWritesEverything(@TempDir Path workDir) throws Exception {
        BudgetCost budget = TinyJobs.macBudget(0.35);
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();

        SearchOutcome outcome = new DjlSearchEngine(TinyJobs.settings()).run(
                TinyJobs.request(SearchMethod.AOWS, TinyJobs.training(2, 1, 1500), budget, workDir), listener);

        System.out.println("AOWS tiny run: " + Arrays.toString(outcome.widths()) + " accuracy " + outcome.testAccuracy()
                + " metrics " + outcome.metrics());
        assertThat(outcome.macs()).isEqualTo(NetworkCost.macs(TinyJobs.SPACE, outcome.widths()));
        assertThat((double) outcome.macs()).isLessThanOrEqualTo(budget.limit());
        assertThat(outcome.predictedCost()).isLessThanOrEqualTo(budget.limit());
        assertThat(outcome.params()).isEqualTo(NetworkCost.params(TinyJobs.SPACE, outcome.widths()));
        assertThat(outcome.testAccuracy()).isGreaterThan(0.3);
        assertThat(outcome.backend()).isIn("cpu", "cuda");
        assertThat(outcome.metrics()).containsKeys("supernetValidationAccuracy", "imagesPerSecond", "wallSeconds",
                "finalLossLargest", "finalLossFineTune");
        assertThat(outcome.artifacts()).containsOnlyKeys("architecture.json", "weights.params");
        assertThat(outcome.artifacts().values()).allSatisfy(file -> assertThat(file).isRegularFile()
                .startsWith(workDir));
        String architecture = Files.readString(outcome.artifacts().get("architecture.json"));
        assertThat(architecture).contains("\"space\" : \"fmnist-small\"").contains("\"macs\" : " + outcome.macs());
        assertThat(Files.size(outcome.artifacts().get("weights.params"))).isGreaterThan(1000);

        double[][] unaries = outcome.unaries();
        assertThat(unaries.length).isEqualTo(TinyJobs.SPACE.layerCount());
        long finite = Arrays.stream(unaries).flatMapToDouble(Arrays::stream).filter(Double::isFinite).count();
        long total = Arrays.stream(unaries).mapToLong(layer -> layer.length).sum();
        assertThat(finite).isPositive();
        assertThat(Arrays.stream(unaries).flatMapToDouble(Arrays::stream)
                .allMatch(value -> Double.isFinite(value) || Double.isNaN(value))).isTrue();
        // Finite exactly where some sample credited the width, NaN elsewhere.
        assertThat((double) finite / total).isCloseTo(outcome.metrics().get("sampledWidthShare"),
                org.assertj.core.data.Offset.offset(1e-12));

        List<FrontPoint> front = outcome.paretoFront();
        assertThat(front).isNotEmpty();
        List<FrontPoint> byBudget = front.stream().sorted(Comparator.comparingDouble(FrontPoint::budget)).toList();
        for (int k = 1; k < byBudget.size(); k++) {
            assertThat(byBudget.get(k).cost()).isGreaterThanOrEqualTo(byBudget.get(k - 1).cost());
            assertThat(byBudget.get(k).score()).isGreaterThanOrEqualTo(byBudget.get(k - 1).score());
        }
        assertThat(front).allSatisfy(point -> assertThat(point.cost()).isLessThanOrEqualTo(point.budget()));
        assertThat(front.get(front.size() - 1).budget()).isLessThanOrEqualTo(budget.limit());

        assertThat(listener.checkpoints).containsExactly(1, 2, 3);
        assertThat(listener.progress).extracting(JobProgress::epoch).isSorted().contains(1, 2, 3);
        JobProgress last = listener.progress.get(listener.progress.size() - 1);
        assertThat(last.step()).isEqualTo(last.totalSteps());
        assertThat(last.currentWidths()).containsExactlyElementsOf(Arrays.stream(outcome.widths()).boxed().toList());
        assertThat(listener.progress).allSatisfy(snapshot -> {
            assertThat(snapshot.predictedCost()).isLessThanOrEqualTo(budget.limit());
            assertThat(snapshot.losses()).isNotEmpty();
        });
    }
}
