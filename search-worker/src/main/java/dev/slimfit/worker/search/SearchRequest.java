package dev.slimfit.worker.search;

import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.staged.StagedSpace;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Everything the search engine needs for one job attempt. A job searches either a chain space under a
 * {@link BudgetCost} ({@code space} and {@code budget} set, {@code staged} null) or a multi-stage space under an
 * average-MAC budget ({@code staged} set, {@code space} and {@code budget} null): an average-MAC budget has no
 * pairwise chain cost table, so it cannot be a {@link BudgetCost}.
 *
 * @param jobId       the job (names checkpoints and artifacts)
 * @param method      the method (one this worker lacks is refused with {@link MethodNotAvailableException})
 * @param space       the chain search space, or null for a multi-stage job
 * @param dataset     "fashion-mnist" or "folder:/absolute/path"
 * @param training    epochs, final epochs, batch size, seed, optional training-image limit
 * @param budget      the cost model and limit the decoded network must meet (chain jobs), or null
 * @param workDir     this job's directory: checkpoints live here and survive the worker (a shared volume in a
 *                    deployment), so another worker resumes from the latest one
 * @param attempt     1 for the first run, higher when resuming after a lost lease
 * @param staged      the multi-stage space and average-MAC budget (multi-stage jobs), or null
 */
public record SearchRequest(UUID jobId, SearchMethod method, SearchSpace space, String dataset,
                            TrainingSettings training, BudgetCost budget, Path workDir, int attempt,
                            StagedTarget staged) {

    /**
     * A multi-stage job's space and budget.
     *
     * @param space       the multi-stage space
     * @param averageMacs the budget on the expected MACs per image
     */
    public record StagedTarget(StagedSpace space, long averageMacs) {
    }

    public SearchRequest {
        if ((space == null) == (staged == null)) {
            throw new IllegalArgumentException("a search request needs either a chain space or a multi-stage"
                    + " target, not " + (space == null ? "neither" : "both"));
        }
        if (space != null && budget == null) {
            throw new IllegalArgumentException("a chain search request needs its budget");
        }
    }

    /** A chain-space job. */
    public SearchRequest(UUID jobId, SearchMethod method, SearchSpace space, String dataset, TrainingSettings training,
                         BudgetCost budget, Path workDir, int attempt) {
        this(jobId, method, space, dataset, training, budget, workDir, attempt, null);
    }

    /** A multi-stage job under an average-MAC budget. */
    public static SearchRequest staged(UUID jobId, SearchMethod method, StagedSpace space, String dataset,
                                       TrainingSettings training, long averageMacs, Path workDir, int attempt) {
        return new SearchRequest(jobId, method, null, dataset, training, null, workDir, attempt,
                new StagedTarget(space, averageMacs));
    }

    public boolean isStaged() {
        return staged != null;
    }

    /** The space's name, whichever kind it is. */
    public String spaceName() {
        return staged != null ? staged.space().name() : space.name();
    }

    /** The budget kind's name, e.g. "MACS" or "AVERAGE_MACS". */
    public String budgetKindName() {
        return staged != null ? "AVERAGE_MACS" : budget.kind().name();
    }

    /** The budget's limit in its unit. */
    public double budgetLimit() {
        return staged != null ? staged.averageMacs() : budget.limit();
    }
}
