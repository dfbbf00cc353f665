package dev.slimfit.api.job;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.latency.LatencyTableEvents;
import dev.slimfit.api.latency.LatencyTables;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.JobSpec;
import dev.slimfit.core.contract.JobStatus;

/**
 * Measures a finished latency-budget job's network on its device: a prediction is only a prediction. When the
 * job succeeds and the device's agent is online, a verification task is queued for it; when the agent answers,
 * the measured latency is written into the job's result and its event stream. A measurement over the job's budget
 * sets {@code result.overBudgetAsMeasured} and adds an {@code OVER_BUDGET_AS_MEASURED} event with the budget, the
 * predicted and measured latency and the margin, whatever the method (UNIFORM included).
 */
@Component
class LatencyVerification {

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobMapper mapper;
    private final LatencyTables latencyTables;
    private final JdbcClient jdbc;
    private final Clock clock;

    LatencyVerification(JobRepository jobs, JobEventRepository events, JobMapper mapper,
                        LatencyTables latencyTables, JdbcClient jdbc, Clock clock) {
        this.jobs = jobs;
        this.events = events;
        this.mapper = mapper;
        this.latencyTables = latencyTables;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Called in the transaction that made the job SUCCEEDED. */
    void requestFor(Job job) {
        JobSpec spec = mapper.spec(job);
        JobResult result = mapper.toResponse(job).result();
        if (job.status() != JobStatus.SUCCEEDED || spec.budget().kind() != Budget.Kind.LATENCY
                || job.latencyTableId() == null || result == null || result.widths() == null) {
            return;
        }
        int[] widths = result.widths().stream().mapToInt(Integer::intValue).toArray();
        latencyTables.requestVerification(job.latencyTableId(), widths).ifPresent(job::awaitVerification);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void onVerified(LatencyTableEvents.Verified verified) {
        jdbc.sql("SELECT id FROM jobs WHERE verification_task_id = :task FOR UPDATE")
                .param("task", verified.taskId()).query(UUID.class).optional().ifPresent(jobId -> {
                    Job job = jobs.findById(jobId).orElseThrow();
                    JobResult r = mapper.toResponse(job).result();
                    double budget = mapper.spec(job).budget().latencyMs();
                    double measured = verified.measuredMs().get(0);
                    boolean over = measured > budget;
                    JobResult updated = r.withMeasuredLatency(measured, over);
                    job.recordResult(mapper.write(updated));
                    Map<String, Object> figures = new LinkedHashMap<>();
                    figures.put("budgetMs", budget);
                    figures.put("predictedLatencyMs", r.predictedLatencyMs());
                    figures.put("measuredLatencyMs", measured);
                    // Positive: the network fits with this much to spare; negative: over the budget by this much.
                    figures.put("marginMs", budget - measured);
                    figures.put("marginPercent", 100 * (budget - measured) / budget);
                    figures.put("overBudget", over);
                    events.save(new JobEvent(job.id(), job.nextEventSeq(), UUID.randomUUID(), "LATENCY_MEASURED",
                            job.status(), mapper.write(figures), clock.instant()));
                    if (over) {
                        // Never silent: a network that met its budget only by prediction is called out.
                        events.save(new JobEvent(job.id(), job.nextEventSeq(), UUID.randomUUID(),
                                "OVER_BUDGET_AS_MEASURED", job.status(), mapper.write(figures), clock.instant()));
                    }
                    jobs.saveAndFlush(job);
                });
    }
}
