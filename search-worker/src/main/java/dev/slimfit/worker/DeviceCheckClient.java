package dev.slimfit.worker;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.slimfit.core.contract.LatencyCheck;
import dev.slimfit.core.decode.BudgetCorrection;

/**
 * Times a decoded network on the job's device through the API: asks for a check, then polls it until the device's
 * agent reports, the API says nothing will, the run is stopped, or the worker's wait runs out. Transient API
 * failures are retried within the wait; the heartbeat keeps the lease meanwhile.
 */
final class DeviceCheckClient implements BudgetCorrection.Device {

    private static final Logger log = LoggerFactory.getLogger(DeviceCheckClient.class);

    private final JobsApi api;
    private final UUID jobId;
    private final Duration wait;
    private final Duration poll;
    private final BooleanSupplier stopped;

    DeviceCheckClient(JobsApi api, UUID jobId, WorkerProperties.LatencyChecks settings, BooleanSupplier stopped) {
        this.api = api;
        this.jobId = jobId;
        this.wait = settings.timeout();
        this.poll = settings.poll();
        this.stopped = stopped;
    }

    @Override
    public BudgetCorrection.Answer measure(int[] widths, int round) {
        long deadline = System.nanoTime() + wait.toNanos();
        UUID checkId = null;
        String lastError = null;
        while (!stopped.getAsBoolean()) {
            try {
                LatencyCheck check = checkId == null ? api.requestLatencyCheck(jobId, widths, round)
                        : api.latencyCheck(jobId, checkId);
                switch (check.status()) {
                    case DONE -> {
                        log.info("job {}: round {} network measured {} ms on its device", jobId, round,
                                check.measuredMs());
                        return BudgetCorrection.Answer.measured(check.measuredMs());
                    }
                    case UNAVAILABLE -> {
                        log.info("job {}: round {} network not measured: {}", jobId, round, check.reason());
                        return BudgetCorrection.Answer.unavailable(check.reason());
                    }
                    case PENDING -> checkId = check.checkId();
                }
            } catch (JobsApi.NotOursException e) {
                return BudgetCorrection.Answer.unavailable("the job is not ours any more: " + e.getMessage());
            } catch (RuntimeException e) {
                lastError = e.toString();
                log.debug("job {}: latency check round {} failed, will retry: {}", jobId, round, lastError);
            }
            if (System.nanoTime() >= deadline) {
                return BudgetCorrection.Answer.unavailable("no measurement within " + wait
                        + (lastError == null ? "" : " (last error: " + lastError + ")"));
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return BudgetCorrection.Answer.unavailable("interrupted");
            }
        }
        return BudgetCorrection.Answer.unavailable("the run was stopped");
    }
}
