package dev.slimfit.api.job;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of a team's jobs, newest first. {@code hasMore} says whether older jobs follow; pass
 * {@code nextCursor} as {@code cursor} to get them (null on the last page). {@code page}, {@code totalItems} and
 * {@code totalPages} are only present when the caller paged with the deprecated {@code page} parameter: they cost a
 * count of all the team's jobs on every request, which is what the cursor avoids.
 */
record JobListResponse(List<JobResponse> items, int size, boolean hasMore, String nextCursor,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer page,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long totalItems,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer totalPages) {

    static JobListResponse ofCursor(List<JobResponse> items, int size, boolean hasMore, String nextCursor) {
        return new JobListResponse(items, size, hasMore, nextCursor, null, null, null);
    }
}
