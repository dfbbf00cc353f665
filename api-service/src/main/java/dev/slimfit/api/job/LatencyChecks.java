package dev.slimfit.api.job;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.error.ApiException;
import dev.slimfit.api.latency.LatencyTableEvents;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.api.space.Widths;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.LatencyCheck;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * Device measurements a running latency-budget job asks for before its final training (the worker's measured-budget
 * loop, docs/methods/latency-model.md): each check is a VERIFY task on the job's table for the device's agent,
 * linked to the job and its round. The job's events show each request ({@code LATENCY_CHECK_REQUESTED}) and each
 * measurement with its margin ({@code LATENCY_CHECKED}); the worker polls the check for the figure.
 */
@Component
class LatencyChecks {

    /** More rounds than any worker would configure: a bound on what one job may queue on a device. */
    static final int MAX_ROUND = 20;

    private final WorkerJobService workerJobs;
    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobMapper mapper;
    private final LatencyTables latencyTables;
    private final SearchSpaceRegistry spaces;
    private final JdbcClient jdbc;
    private final Clock clock;

    LatencyChecks(WorkerJobService workerJobs, JobRepository jobs, JobEventRepository events, JobMapper mapper,
                  LatencyTables latencyTables, SearchSpaceRegistry spaces, JdbcClient jdbc, Clock clock) {
        this.workerJobs = workerJobs;
        this.jobs = jobs;
        this.events = events;
        this.mapper = mapper;
        this.latencyTables = latencyTables;
        this.spaces = spaces;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Queues a measurement of {@code widths} on the job's device, or answers UNAVAILABLE at once when the device's
     * agent is offline (nothing would answer).
     *
     * @throws ApiException 409 lease-lost unless the worker holds the job, 409 no-latency-budget for a job without a
     *                      latency budget, 422 naming {@code widths} or {@code round}
     */
    @Transactional
    LatencyCheck request(UUID jobId, LatencyCheck.Request request) {
        Job job = workerJobs.held(jobId, request.workerId());
        JobSpec spec = mapper.spec(job);
        if (spec.budget().kind() != Budget.Kind.LATENCY || job.latencyTableId() == null) {
            throw ApiException.conflict("no-latency-budget", "job " + jobId + " has a " + spec.budget().kind()
                    + " budget; only a latency-budget job's networks are measured on its device");
        }
        int round = validRound(request.round());
        int[] widths = validWidths(spec, request.widths());
        var task = latencyTables.requestVerification(job.latencyTableId(), widths);
        if (task.isEmpty()) {
            return new LatencyCheck(null, LatencyCheck.Status.UNAVAILABLE, null,
                    "the device " + spec.budget().deviceId() + " is offline: no agent would time the network");
        }
        jdbc.sql("INSERT INTO job_latency_checks (task_id, job_id, round, worker_id) VALUES (:t, :j, :r, :w)")
                .param("t", task.get()).param("j", jobId).param("r", round).param("w", request.workerId())
                .update();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("checkId", task.get());
        payload.put("round", round);
        payload.put("widths", Arrays.stream(widths).boxed().toList());
        payload.put("budgetMs", spec.budget().latencyMs());
        event(job, "LATENCY_CHECK_REQUESTED", payload);
        jobs.saveAndFlush(job);
        return new LatencyCheck(task.get(), LatencyCheck.Status.PENDING, null, null);
    }

    /** Where a check of this job stands; 404 for a check of another job. */
    @Transactional
    LatencyCheck get(UUID jobId, UUID checkId, String workerId) {
        Job job = workerJobs.held(jobId, workerId);
        boolean ours = jdbc.sql("SELECT count(*) FROM job_latency_checks WHERE task_id = :t AND job_id = :j")
                .param("t", checkId).param("j", jobId).query(Long.class).single() > 0;
        LatencyTables.Verification v = ours ? latencyTables.verification(job.latencyTableId(), checkId).orElse(null)
                : null;
        if (v == null) {
            throw ApiException.notFound("latency check " + checkId + " of job " + jobId);
        }
        return switch (v.status()) {
            case "DONE" -> new LatencyCheck(checkId, LatencyCheck.Status.DONE, v.measuredMs(), null);
            case "FAILED" -> new LatencyCheck(checkId, LatencyCheck.Status.UNAVAILABLE, null,
                    "the device's agent gave up on timing the network");
            default -> new LatencyCheck(checkId, LatencyCheck.Status.PENDING, null, null);
        };
    }

    /** The agent reported: the figure goes into the job's event stream with its margin. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void onVerified(LatencyTableEvents.Verified verified) {
        jdbc.sql("SELECT job_id, round FROM job_latency_checks WHERE task_id = :t").param("t", verified.taskId())
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2)}).optional()
                .ifPresent(row -> jobs.findForUpdate((UUID) row[0]).ifPresent(job -> {
                    double budget = mapper.spec(job).budget().latencyMs();
                    double measured = verified.measuredMs().get(0);
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("checkId", verified.taskId());
                    payload.put("round", row[1]);
                    payload.putAll(LatencyVerification.margin(budget, measured));
                    event(job, "LATENCY_CHECKED", payload);
                    jobs.saveAndFlush(job);
                }));
    }

    private void event(Job job, String type, Map<String, Object> payload) {
        events.save(JobEvent.next(job, type, mapper.write(payload), clock.instant()));
    }

    private static int validRound(Integer round) {
        if (round == null || round < 1 || round > MAX_ROUND) {
            throw ApiException.invalid("round", "must be between 1 and " + MAX_ROUND);
        }
        return round;
    }

    private int[] validWidths(JobSpec spec, List<Integer> widths) {
        Widths.requirePresent(widths, "widths", spec.searchSpace());
        SearchSpace space = spaces.find(spec.searchSpace()).orElseThrow(() -> ApiException.conflict(
                "unknown-search-space", "search space " + spec.searchSpace() + " is no longer offered"));
        return Widths.validated(space, widths, "widths");
    }
}
