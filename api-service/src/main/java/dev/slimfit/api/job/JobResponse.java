package dev.slimfit.api.job;

import java.time.Instant;
import java.util.UUID;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.core.contract.TrainingSettings;

/**
 * A job as the API shows it. progress, result and failure are null until a worker reports them; attempt counts
 * the leases workers have taken on it (more than 1 when a worker died and another resumed it). heldByTeamLimit is true
 * while a QUEUED job waits behind its team's running-jobs limit (no worker sees it until a slot frees).
 */
record JobResponse(UUID id, JobStatus status, SearchMethod method, String searchSpace, String dataset,
                   Budget budget, TrainingSettings training, int priority, int attempt, Instant createdAt, Instant updatedAt,
                   Instant startedAt, Instant finishedAt, JobProgress progress, JobResult result,
                   JobFailure failure, boolean heldByTeamLimit) {
}
