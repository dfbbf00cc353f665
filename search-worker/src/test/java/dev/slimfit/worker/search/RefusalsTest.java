package dev.slimfit.worker.search;

import dev.slimfit.core.decode.InfeasibleBudgetException;

import dev.slimfit.core.cost.BudgetCost;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.worker.method.MethodRegistry;
import dev.slimfit.worker.method.uniform.UniformMethod;
import dev.slimfit.models.data.InvalidDatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/** Jobs the engine refuses before training anything. */
class RefusalsTest {

    private final DjlSearchEngine engine = new DjlSearchEngine(TinyJobs.settings());

    @ParameterizedTest
    @EnumSource(value = SearchMethod.class, names = {"AOWS", "DNAL"})
    void methodsThisWorkerLacksAreNotAvailable(SearchMethod method, @TempDir Path workDir) {
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();
        DjlSearchEngine uniformOnly = new DjlSearchEngine(TinyJobs.settings(),
                MethodRegistry.of(List.of(new UniformMethod())));

        assertThatThrownBy(() -> uniformOnly.run(TinyJobs.request(method, TinyJobs.training(1, 0, 500),
                TinyJobs.macBudget(0.5), workDir), listener))
                .isInstanceOf(MethodNotAvailableException.class)
                .hasMessageContaining(method.name());
        assertThat(listener.stopChecks).isZero();
    }

    @Test
    void aBudgetBelowTheCheapestConfigurationIsInfeasibleAndNamesTheMinimum(@TempDir Path workDir) {
        double minimum = TinyJobs.MACS.minimumCost();
        BudgetCost tooSmall = new BudgetCost(Budget.Kind.MACS, minimum - 1, TinyJobs.MACS, null);

        for (SearchMethod method : new SearchMethod[] {SearchMethod.AOWS, SearchMethod.UNIFORM}) {
            assertThatThrownBy(() -> engine.run(TinyJobs.request(method, TinyJobs.training(1, 0, 500), tooSmall,
                    workDir), new TinyJobs.RecordingListener()))
                    .isInstanceOf(InfeasibleBudgetException.class)
                    .hasMessageContaining(Long.toString((long) minimum))
                    .hasMessageContaining("MACs");
        }
    }

    @Test
    void aFolderWithoutImagesIsAnInvalidDatasetBeforeTraining(@TempDir Path workDir, @TempDir Path data)
            throws Exception {
        Files.createDirectories(data.resolve("cats"));
        Files.createDirectories(data.resolve("dogs"));
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();

        assertThatThrownBy(() -> engine.run(TinyJobs.request(SearchMethod.AOWS, "folder:" + data,
                TinyJobs.training(1, 0, null), TinyJobs.macBudget(0.5), workDir), listener))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("holds no images");
        assertThat(listener.stopChecks).isZero();
        assertThat(listener.progress).isEmpty();
    }

    @Test
    void aMissingFolderIsAnInvalidDataset(@TempDir Path workDir) {
        TinyJobs.RecordingListener listener = new TinyJobs.RecordingListener();

        assertThatThrownBy(() -> engine.run(TinyJobs.request(SearchMethod.UNIFORM, "folder:/no/such/dataset",
                TinyJobs.training(1, 0, null), TinyJobs.macBudget(0.5), workDir), listener))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("not found");
        assertThat(listener.stopChecks).isZero();
    }

    @Test
    void anUnknownDatasetNameIsAnInvalidDataset(@TempDir Path workDir) {
        assertThatThrownBy(() -> engine.run(TinyJobs.request(SearchMethod.OWS, "imagenet",
                TinyJobs.training(1, 0, null), TinyJobs.macBudget(0.5), workDir), new TinyJobs.RecordingListener()))
                .isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("imagenet");
    }
}
