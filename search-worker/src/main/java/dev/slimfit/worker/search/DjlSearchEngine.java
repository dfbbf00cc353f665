package dev.slimfit.worker.search;

import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.models.engine.EngineThreads;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.search.data.DatasetSource;
import dev.slimfit.worker.search.data.SearchData;
import dev.slimfit.worker.search.data.SearchDataLoader;
import dev.slimfit.worker.search.decode.WidthDecoder;
import dev.slimfit.worker.search.run.Attempt;

import java.util.Set;

/**
 * The search engine on DJL's PyTorch engine: OWS, AOWS and the UNIFORM baseline (ALGORITHMS.md sections 2, 3, 6).
 * <p>
 * Order of work, so that a job fails as early and as cheaply as possible: the method is checked
 * ({@link MethodNotAvailableException}), then the budget ({@link InfeasibleBudgetException}, naming the cheapest
 * achievable cost), then the dataset is read, checked and split ({@code InvalidDatasetException}); only then does
 * anything train. A checkpoint of the same job in the work directory is resumed (see {@code run.Attempt}).
 * <p>
 * Thread-safety: one instance may serve consecutive jobs; concurrent jobs in one JVM share libtorch's process-wide
 * intra-op thread pool, which this engine sizes from its settings at the start of every run.
 */
public final class DjlSearchEngine implements SearchEngine {

    private static final Set<SearchMethod> AVAILABLE = Set.of(SearchMethod.AOWS, SearchMethod.OWS,
            SearchMethod.UNIFORM);

    private final EngineSettings settings;

    public DjlSearchEngine(EngineSettings settings) {
        this.settings = settings;
    }

    /** With {@link EngineSettings#defaults()}. */
    public DjlSearchEngine() {
        this(EngineSettings.defaults());
    }

    @Override
    public SearchOutcome run(SearchRequest request, SearchListener listener) {
        long startedNanos = System.nanoTime();
        if (!AVAILABLE.contains(request.method())) {
            throw new MethodNotAvailableException(request.method());
        }
        requireTrainable(request.training());
        WidthDecoder.requireFeasible(request.space(), request.budget());
        DatasetSource source = DatasetSource.parse(request.dataset(), settings.fashionMnistDirectory());
        SearchData data = SearchDataLoader.load(source, request.space(), request.training());
        OfflinePyTorch.engine();
        EngineThreads.setIntraOp(settings.intraOpThreads());
        SearchOutcome outcome = Attempt.run(request, listener, settings, data);
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
