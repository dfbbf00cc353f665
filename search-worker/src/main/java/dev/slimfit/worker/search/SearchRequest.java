package dev.slimfit.worker.search;

import dev.slimfit.core.cost.BudgetCost;

import java.nio.file.Path;
import java.util.UUID;

import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.SearchSpace;

/**
 * Everything the search engine needs for one job attempt.
 *
 * @param jobId       the job (names checkpoints and artifacts)
 * @param method      AOWS, OWS or UNIFORM (others are refused with {@link MethodNotAvailableException})
 * @param space       the search space
 * @param dataset     "fashion-mnist" or "folder:/absolute/path"
 * @param training    epochs, final epochs, batch size, seed, optional training-image limit
 * @param budget      the cost model and limit the decoded network must meet
 * @param workDir     this job's directory: checkpoints live here and survive the worker (a shared volume in a
 *                    deployment), so another worker resumes from the latest one
 * @param attempt     1 for the first run, higher when resuming after a lost lease
 */
public record SearchRequest(UUID jobId, SearchMethod method, SearchSpace space, String dataset,
                            TrainingSettings training, BudgetCost budget, Path workDir, int attempt) {
}
