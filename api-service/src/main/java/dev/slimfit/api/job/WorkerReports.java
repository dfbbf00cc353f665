package dev.slimfit.api.job;

import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;

/**
 * The row changes of a worker's final report on a job, applied after the state machine moved it: a finished job
 * is no longer leased; a result is stored (and, for a latency budget, queued for timing on its device); a failure
 * is stored. The one place for them, used by the outcome endpoint and by old-style terminal broker events.
 */
@Component
class WorkerReports {

    private final JobMapper mapper;
    private final LatencyVerification verification;

    WorkerReports(JobMapper mapper, LatencyVerification verification) {
        this.mapper = mapper;
        this.verification = verification;
    }

    /** The changes for {@code kind}; {@code result} and {@code failure} are stored when set. */
    Consumer<Job> finish(JobOutcome.Kind kind, JobResult result, JobFailure failure) {
        return job -> {
            if (job.status().isTerminal()) {
                job.clearLease();
            }
            switch (kind) {
                case SUCCEEDED -> {
                    if (result != null) {
                        job.recordResult(mapper.write(result));
                        verification.requestFor(job);
                    }
                }
                case FAILED -> {
                    if (failure != null) {
                        FailureType type = failure.type() == null ? FailureType.WORKER_ERROR : failure.type();
                        job.recordFailure(type.name(), failure.message());
                    }
                }
                case CANCELLED -> {
                }
            }
        };
    }
}
