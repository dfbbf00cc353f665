package dev.slimfit.core.contract;

import java.util.UUID;

/**
 * The message on the jobs queue: only the job's id. A worker claims the job by id and reads its spec from the
 * {@link JobClaim}, so a message can never disagree with the stored job.
 */
public record JobMessage(UUID jobId) {
}
