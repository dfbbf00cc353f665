package dev.slimfit.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.slimfit.core.contract.JobStatus;

/** One entry of a job's event stream, with the job's status right after it. */
record JobEventResponse(long seq, String type, JobStatus status, Instant createdAt, Map<String, Object> payload) {

    /** A page of events: pass {@code nextAfter} as {@code after} to continue; {@code more} says if there is more. */
    record Page(List<JobEventResponse> events, long nextAfter, boolean more) {
    }
}
