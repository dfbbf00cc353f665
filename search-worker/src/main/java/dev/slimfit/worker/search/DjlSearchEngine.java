package dev.slimfit.worker.search;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.method.MethodRegistry;
import dev.slimfit.worker.method.PhaseRunner;
import dev.slimfit.worker.method.SearchMethodPlugin;
import dev.slimfit.worker.search.data.DatasetSource;
import dev.slimfit.worker.search.data.SearchData;
import dev.slimfit.worker.search.data.SearchDataLoader;

/**
 * The search engine on DJL's PyTorch engine: any method of its {@link MethodRegistry}, run by the
 * {@link PhaseRunner}.
 * <p>
 * Order of work, so that a job fails as early and as cheaply as possible: the method is looked up
 * ({@link MethodNotAvailableException}), the training settings and the budget are checked (the method's own check,
 * e.g. {@code InfeasibleBudgetException} naming the cheapest achievable cost), then the dataset is read, checked
 * and split ({@code InvalidDatasetException}); only then does anything train. A checkpoint of the same job in the
 * work directory is resumed.
 * <p>
 * Thread-safety: one instance may serve consecutive jobs; concurrent jobs in one JVM share libtorch's process-wide
 * intra-op thread pool, which this engine sizes from its settings at the start of every run.
 */
public final class DjlSearchEngine implements SearchEngine {

    private final EngineSettings settings;
    private final MethodRegistry methods;

    public DjlSearchEngine(EngineSettings settings, MethodRegistry methods) {
        this.settings = settings;
        this.methods = methods;
    }

    public DjlSearchEngine(EngineSettings settings) {
        this(settings, MethodRegistry.builtIn());
    }

    /** With {@link EngineSettings#defaults()} and the built-in methods. */
    public DjlSearchEngine() {
        this(EngineSettings.defaults());
    }

    @Override
    public SearchOutcome run(SearchRequest request, SearchListener listener) {
        long startedNanos = System.nanoTime();
        SearchMethodPlugin<?> method = methods.find(request.method())
                .orElseThrow(() -> new MethodNotAvailableException(request.method()));
        requireTrainable(request.training());
        method.check(request);
        DatasetSource source = DatasetSource.parse(request.dataset(), settings.fashionMnistDirectory());
        SearchData data = request.isStaged()
                ? SearchDataLoader.load(source, request.staged().space(), request.training())
                : SearchDataLoader.load(source, request.space(), request.training());
        OfflinePyTorch.engine();
        EngineThreads.setIntraOp(settings.intraOpThreads());
        SearchOutcome outcome = PhaseRunner.run(method, request, listener, settings, data);
        outcome.metrics().put("wallSeconds", (System.nanoTime() - startedNanos) / 1e9);
        return outcome;
    }

    private static void requireTrainable(TrainingSettings training) {
        if (training.epochs() < 1 || training.finalEpochs() < 0 || training.batchSize() < 1) {
            throw new IllegalArgumentException("training needs at least 1 epoch, non-negative final epochs and a"
                    + " positive batch size; got " + training);
        }
    }
}
