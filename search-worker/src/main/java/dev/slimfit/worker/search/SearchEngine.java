package dev.slimfit.worker.search;

import dev.slimfit.core.decode.InfeasibleBudgetException;

/**
 * Runs one search method end to end on this machine: read and split the dataset, train (or resume training)
 * the supernet with checkpoints, decode under the budget, fine-tune and evaluate the plain network.
 *
 * <p>Throws {@link SearchStoppedException} when stopped on request, {@link MethodNotAvailableException},
 * {@link InfeasibleBudgetException}, and {@code dev.slimfit.models.data.InvalidDatasetException} for a bad dataset
 * (always before any training).
 */
public interface SearchEngine {

    SearchOutcome run(SearchRequest request, SearchListener listener);
}
