package dev.slimfit.worker.search;

import dev.slimfit.core.cost.BudgetCost;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.FashionMnist;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/** Small, fast jobs on fmnist-small for the engine's tests. */
final class TinyJobs {

    static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    static final ChainCostTable MACS = CostTables.macs(SPACE);

    private TinyJobs() {
    }

    /** Skips (loudly, with the fix) where Debian's Fashion-MNIST package is not installed. */
    static void requireFashionMnist() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY),
                "SKIPPED: Fashion-MNIST not found in " + FashionMnist.DEFAULT_DIRECTORY
                        + "; install dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    }

    static EngineSettings settings() {
        return EngineSettings.defaults().withProgressInterval(Duration.ZERO);
    }

    /** A MAC budget {@code fraction} of the way from the cheapest to the most expensive configuration. */
    static BudgetCost macBudget(double fraction) {
        double low = MACS.minimumCost();
        double high = MACS.maximumCost();
        return new BudgetCost(Budget.Kind.MACS, Math.floor(low + fraction * (high - low)), MACS, null);
    }

    static SearchRequest request(SearchMethod method, TrainingSettings training, BudgetCost budget, Path workDir) {
        return request(method, "fashion-mnist", training, budget, workDir);
    }

    static SearchRequest request(SearchMethod method, String dataset, TrainingSettings training, BudgetCost budget,
                                 Path workDir) {
        return new SearchRequest(UUID.nameUUIDFromBytes(workDir.toString().getBytes()), method, SPACE, dataset,
                training, budget, workDir, 1);
    }

    static TrainingSettings training(int epochs, int finalEpochs, Integer trainImages) {
        return new TrainingSettings(epochs, finalEpochs, 64, 7L, trainImages);
    }

    /** Records everything; stops as {@code stopAtCall} says (given the 1-based number of the stop check). */
    static class RecordingListener implements SearchListener {

        final List<JobProgress> progress = new CopyOnWriteArrayList<>();
        final List<Integer> checkpoints = new CopyOnWriteArrayList<>();
        private final IntFunction<Stop> stopAtCall;
        volatile int stopChecks;
        volatile long stopReturnedNanos;

        RecordingListener(IntFunction<Stop> stopAtCall) {
            this.stopAtCall = stopAtCall;
        }

        RecordingListener() {
            this(call -> Stop.NONE);
        }

        @Override
        public Stop stopRequested() {
            Stop stop = stopAtCall.apply(++stopChecks);
            if (stop != Stop.NONE && stopReturnedNanos == 0) {
                stopReturnedNanos = System.nanoTime();
            }
            return stop;
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
}
