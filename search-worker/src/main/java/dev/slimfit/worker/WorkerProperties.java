package dev.slimfit.worker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.slimfit.core.contract.MessagingNames;

/**
 * Settings of a search worker ({@code slimfit.worker.*}).
 *
 * @param apiUrl            the Slimfit API, for leases and artifacts
 * @param workerSecret      the secret that lets workers claim jobs
 * @param workerId          this worker's name in leases and events; empty means host name and process id
 * @param checkpointDir     where each job keeps its checkpoints: shared between workers (a volume) so another
 *                          worker can resume a job whose worker died
 * @param heartbeatInterval how often the lease is renewed (well under the API's job lease)
 * @param pollTimeout       how long the worker waits before looking at an empty jobs queue again
 * @param messagingPrefix   the broker name prefix shared with the API (see {@link MessagingNames})
 * @param enabled           whether the worker loop starts with the application
 * @param latencyChecks     how decoded networks of latency-budget jobs are measured on their devices
 */
@Validated
@ConfigurationProperties("slimfit.worker")
public record WorkerProperties(
        @NotNull @DefaultValue("http://127.0.0.1:8080") URI apiUrl,
        @DefaultValue("") String workerSecret,
        @DefaultValue("") String workerId,
        @NotNull @DefaultValue("checkpoints") Path checkpointDir,
        @NotNull @DefaultValue("5s") Duration heartbeatInterval,
        @NotNull @DefaultValue("1s") Duration pollTimeout,
        @NotNull @DefaultValue("slimfit") String messagingPrefix,
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue LatencyChecks latencyChecks) {

    /**
     * Budgets met as measured ({@code slimfit.worker.latency-checks.*}).
     *
     * @param maxRounds how many decoded networks a job may have timed on its device before its final training (the
     *                  first decode and up to {@code maxRounds - 1} corrected ones); 0 turns the checks off (the API
     *                  still times the result after the job, and flags it when it is over)
     * @param timeout   how long to wait for one measurement before training the current network unmeasured
     * @param poll      how often to ask whether the measurement has come
     */
    public record LatencyChecks(@DefaultValue("3") int maxRounds, @NotNull @DefaultValue("5m") Duration timeout,
                                @NotNull @DefaultValue("1s") Duration poll) {

        /** The defaults, for code that builds properties by hand. */
        public static LatencyChecks defaults() {
            return new LatencyChecks(3, Duration.ofMinutes(5), Duration.ofSeconds(1));
        }
    }

    /** The broker's names for {@code messagingPrefix}, the same ones the API declares. */
    public MessagingNames names() {
        return new MessagingNames(messagingPrefix);
    }

    /** Never print the worker secret. */
    @Override
    public String toString() {
        return "WorkerProperties[apiUrl=" + apiUrl + ", workerId=" + workerId + ", checkpointDir=" + checkpointDir
                + ", workerSecret=" + (workerSecret.isEmpty() ? "<unset>" : "<redacted>") + "]";
    }
}
