package dev.slimfit.api.job;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

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
 * predicted and measured latency and the margin, whatever the method (UNIFORM included). A network the worker
 * already had measured before its final training (the measured-budget loop, {@link LatencyChecks}) is not timed
 * again: its figure is recorded the same way when the job succeeds.
 */
@Component
class LatencyVerification {

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobMapper mapper;
    private final LatencyTables latencyTables;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    LatencyVerification(JobRepository jobs, JobEventRepository events, JobMapper mapper,
                        LatencyTables latencyTables, JdbcClient jdbc, Clock clock,
                        ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.jobs = jobs;
        this.events = events;
        this.mapper = mapper;
        this.latencyTables = latencyTables;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Called in the transaction that made the job SUCCEEDED. A result whose network the worker already had
     * measured on the device (its measured-budget loop) is recorded at once; otherwise the device is asked to time
     * it now, when its agent is online.
     */
    void requestFor(Job job) {
        JobSpec spec = mapper.spec(job);
        JobResult result = mapper.toResponse(job).result();
        if (job.status() != JobStatus.SUCCEEDED || spec.budget().kind() != Budget.Kind.LATENCY
                || job.latencyTableId() == null || result == null || result.widths() == null) {
            return;
        }
        if (result.measuredLatencyMs() != null) {
            // Recorded once the transition's own event is written, so the stream reads SUCCEEDED, then the figure.
            publisher.publishEvent(new MeasuredByWorker(job.id()));
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
                    record(job, mapper.toResponse(job).result(), mapper.spec(job).budget().latencyMs(),
                            verified.measuredMs().get(0));
                    jobs.saveAndFlush(job);
                });
    }

    /**
     * A measurement against its budget, as every latency event shows it: budget, measured latency, the margin
     * ({@code marginMs}: positive fits with this much to spare, negative is over by this much; and in percent of
     * the budget) and whether it is over.
     */
    static Map<String, Object> margin(double budgetMs, double measuredMs) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("budgetMs", budgetMs);
        figures.put("measuredLatencyMs", measuredMs);
        figures.put("marginMs", budgetMs - measuredMs);
        figures.put("marginPercent", 100 * (budgetMs - measuredMs) / budgetMs);
        figures.put("overBudget", measuredMs > budgetMs);
        return figures;
    }

    /** A job succeeded with a network its worker had measured on the device. */
    record MeasuredByWorker(UUID jobId) {
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void onMeasuredByWorker(MeasuredByWorker measured) {
        Job job = jobs.findById(measured.jobId()).orElseThrow();
        JobResult r = mapper.toResponse(job).result();
        record(job, r, mapper.spec(job).budget().latencyMs(), r.measuredLatencyMs());
        jobs.saveAndFlush(job);
    }

    /** The measured latency into the result (with the over-budget flag) and the job's events. */
    private void record(Job job, JobResult r, double budget, double measured) {
        boolean over = measured > budget;
        job.recordResult(mapper.write(r.withMeasuredLatency(measured, over)));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("predictedLatencyMs", r.predictedLatencyMs());
        figures.putAll(margin(budget, measured));
        if (r.latencyCorrection() != null) {
            figures.put("correction", r.latencyCorrection().outcome());
            figures.put("metInRound", r.latencyCorrection().metInRound());
        }
        events.save(JobEvent.next(job, "LATENCY_MEASURED", mapper.write(figures), clock.instant()));
        if (over) {
            // Never silent: a network that met its budget only by prediction is called out.
            events.save(JobEvent.next(job, "OVER_BUDGET_AS_MEASURED", mapper.write(figures), clock.instant()));
        }
    }
}
