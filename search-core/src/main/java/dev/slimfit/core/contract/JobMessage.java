package dev.slimfit.core.contract;

import java.util.UUID;

/** The message on the jobs queue: the job's id and its spec. Workers claim the job by id before working. */
public record JobMessage(UUID jobId, UUID teamId, JobSpec spec) {
}
