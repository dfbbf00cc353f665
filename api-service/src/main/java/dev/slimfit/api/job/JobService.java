package dev.slimfit.api.job;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.slimfit.api.config.Sha256;
import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.IllegalTransitionException;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;

/** Submitting, reading and cancelling a team's jobs. Every read is scoped to the caller's team. */
@Service
class JobService {

    /** Outcome of a submission: {@code created} is false when an idempotent retry returned the earlier job. */
    record Submitted(JobResponse job, boolean created) {
    }

    private final JobRepository jobs;
    private final JobReads reads;
    private final JobEventRepository events;
    private final JobSpecValidator validator;
    private final JobTransitions transitions;
    private final JobMapper mapper;
    private final TeamDispatch dispatch;
    private final LatencyTables latencyTables;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;

    JobService(JobRepository jobs, JobReads reads, JobEventRepository events, JobSpecValidator validator,
               JobTransitions transitions, JobMapper mapper, TeamDispatch dispatch, LatencyTables latencyTables,
               TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.jobs = jobs;
        this.reads = reads;
        this.events = events;
        this.validator = validator;
        this.transitions = transitions;
        this.mapper = mapper;
        this.dispatch = dispatch;
        this.latencyTables = latencyTables;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    Submitted submit(UUID teamId, CreateJobRequest request, String idempotencyKey) {
        JobSpecValidator.Validated validated = validator.validate(request);
        String specJson = mapper.write(validated.spec());
        String hash = Sha256.hex(specJson);
        try {
            return transactions.execute(tx -> submitInTransaction(teamId, validated, specJson, hash,
                    idempotencyKey));
        } catch (DataIntegrityViolationException race) {
            // A concurrent request with the same key won the insert: answer as for a retry.
            if (idempotencyKey == null) {
                throw race;
            }
            return transactions.execute(tx -> jobs.findByTeamIdAndIdempotencyKey(teamId, idempotencyKey)
                    .map(existing -> replay(existing, hash)).orElseThrow(() -> race));
        }
    }

    private Submitted submitInTransaction(UUID teamId, JobSpecValidator.Validated validated, String specJson,
                                          String hash, String key) {
        JobSpec spec = validated.spec();
        if (key != null) {
            var existing = jobs.findByTeamIdAndIdempotencyKey(teamId, key);
            if (existing.isPresent()) {
                return replay(existing.get(), hash);
            }
        }
        boolean waits = spec.budget().kind() == Budget.Kind.LATENCY && validated.latencyTable().isEmpty();
        JobStatus initial = waits ? JobStatus.WAITING_FOR_LATENCY : JobStatus.QUEUED;
        Job created = new Job(UUID.randomUUID(), teamId, spec.method().name(), spec.searchSpace(), specJson,
                initial, spec.priority(), key, hash, clock.instant());
        // A low-quality table the job accepted is pinned now: a worker's claim would otherwise look for a READY one.
        validated.latencyTable().filter(LatencyTables.ReadyTable::lowQuality)
                .ifPresent(t -> created.useLatencyTable(t.tableId()));
        Job job = transitions.create(created, Map.of("spec", spec));
        if (waits) {
            latencyTables.ensureRequested(validated.device(), validated.space());
        } else {
            enqueue(job);
        }
        meters.counter("slimfit.jobs.submitted", "method", spec.method().name()).increment();
        return new Submitted(mapper.toResponse(job), true);
    }

    /**
     * Puts the job's message in the outbox (caller's transaction): its id only, workers read the spec on claim. Beyond
     * the team's running-jobs limit the job is held instead ({@link TeamDispatch}).
     */
    void enqueue(Job job) {
        dispatch.enqueue(job);
    }

    /** A new message for a job that already holds its slot (its first one was lost), whatever the limit. */
    void resend(Job job) {
        dispatch.send(job);
    }

    private Submitted replay(Job existing, String hash) {
        if (!existing.requestHash().equals(hash)) {
            throw ApiException.conflict("idempotency-key-reused", "this Idempotency-Key was already used for "
                    + "job " + existing.id() + " with a different request body");
        }
        return new Submitted(mapper.toResponse(existing), false);
    }

    JobResponse get(UUID teamId, UUID jobId) {
        return reads.find(teamId, jobId).orElseThrow(() -> notFound(jobId));
    }

    /**
     * A page of the team's jobs after {@code cursor} (null: from the newest), newest first. One more row than
     * asked for is read to learn whether older jobs follow, so no page ever counts the team's jobs.
     */
    JobListResponse list(UUID teamId, JobStatus status, JobCursor cursor, int size) {
        List<JobResponse> rows = reads.page(teamId, status, cursor, size + 1);
        boolean more = rows.size() > size;
        List<JobResponse> page = more ? rows.subList(0, size) : rows;
        String next = more ? JobCursor.after(page.get(page.size() - 1)).encode() : null;
        return JobListResponse.ofCursor(page, size, more, next);
    }

    /**
     * The deprecated page-number listing ({@code ?page=}), kept for callers written before the cursor: it skips
     * {@code page * size} rows and counts the team's jobs for {@code totalItems}, both proportional to the number
     * of jobs. {@code nextCursor} is filled in so such a caller can switch to the cursor from here on.
     */
    @Transactional(readOnly = true)
    JobListResponse listByPageNumber(UUID teamId, JobStatus status, int page, int size) {
        PageRequest request = PageRequest.of(page, size,
                Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Page<Job> result = status == null ? jobs.findByTeamId(teamId, request)
                : jobs.findByTeamIdAndStatus(teamId, status, request);
        List<JobResponse> content = result.getContent().stream().map(mapper::toResponse).toList();
        String next = result.hasNext() && !content.isEmpty()
                ? JobCursor.after(content.get(content.size() - 1)).encode() : null;
        return new JobListResponse(content, size, result.hasNext(), next,
                page, result.getTotalElements(), result.getTotalPages());
    }

    JobResponse cancel(UUID teamId, UUID jobId) {
        return OptimisticRetry.run(() -> {
            Job job = transactions.execute(tx -> find(teamId, jobId));
            if (job.status() == JobStatus.CANCELLED || job.status() == JobStatus.CANCELLING) {
                return mapper.toResponse(job); // cancel is idempotent
            }
            try {
                // Decided again under the row lock: of concurrent cancels, only the first appends an event.
                transitions.requestCancel(jobId);
            } catch (IllegalTransitionException e) {
                throw ApiException.conflict("job-finished", "job " + jobId + " already finished as "
                        + e.from() + " and cannot be cancelled");
            }
            return transactions.execute(tx -> mapper.toResponse(find(teamId, jobId)));
        });
    }

    @Transactional(readOnly = true)
    JobEventResponse.Page events(UUID teamId, UUID jobId, long after, int limit) {
        requireOwn(teamId, jobId);
        List<JobEvent> page = events.findByJobIdAndSeqGreaterThanOrderBySeq(jobId, after, Limit.of(limit + 1));
        boolean more = page.size() > limit;
        List<JobEventResponse> items = page.stream().limit(limit).map(mapper::toResponse).toList();
        long next = items.isEmpty() ? after : items.get(items.size() - 1).seq();
        return new JobEventResponse.Page(items, next, more);
    }

    /** A 404 unless the job is the team's; reads no more than that. */
    void requireOwn(UUID teamId, UUID jobId) {
        if (!reads.owned(teamId, jobId)) {
            throw notFound(jobId);
        }
    }

    private Job find(UUID teamId, UUID jobId) {
        // Another team's job is reported exactly like a missing one: its existence is not disclosed.
        return jobs.findByIdAndTeamId(jobId, teamId).orElseThrow(() -> notFound(jobId));
    }

    private static ApiException notFound(UUID jobId) {
        return ApiException.notFound("job " + jobId);
    }
}
