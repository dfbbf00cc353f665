package dev.slimfit.worker.search;

import dev.slimfit.core.cost.BudgetCost;

import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.decode.UniformWidthBaseline;
import dev.slimfit.core.space.ConfigurationValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class UniformBaselineTest {

    @BeforeAll
    static void dataset() {
        TinyJobs.requireFashionMnist();
    }

    @Test
    void trainsTheWidestUniformNetworkWithinTheBudgetForAllEpochs(@TempDir Path workDir) {
        BudgetCost budget = TinyJobs.macBudget(0.3);
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();

        SearchOutcome outcome = new DjlSearchEngine(TinyJobs.settings()).run(
                TinyJobs.request(SearchMethod.UNIFORM, TinyJobs.training(1, 1, 1500), budget, workDir), listener);

        int[] expected = ConfigurationValidator.widths(TinyJobs.SPACE, UniformWidthBaseline.largestWithin(
                TinyJobs.SPACE, TinyJobs.MACS, budget.limit()).orElseThrow().choices());
        assertThat(outcome.widths()).containsExactly(expected);
        assertThat(outcome.macs()).isEqualTo(NetworkCost.macs(TinyJobs.SPACE, expected));
        assertThat((double) outcome.macs()).isLessThanOrEqualTo(budget.limit());
        assertThat(outcome.testAccuracy()).isGreaterThan(0.3);
        assertThat(outcome.paretoFront()).isEmpty();
        assertThat(Arrays.stream(outcome.unaries()).flatMapToDouble(Arrays::stream).allMatch(Double::isNaN)).isTrue();
        assertThat(outcome.metrics()).containsKeys("uniformMultiplier", "trainSeconds", "finalLossTrain");
        // Same total epochs as a searched network: search epochs plus final epochs.
        assertThat(listener.checkpoints).containsExactly(1, 2);
        assertThat(outcome.artifacts().values()).allSatisfy(file -> assertThat(file).isRegularFile());
    }
}
