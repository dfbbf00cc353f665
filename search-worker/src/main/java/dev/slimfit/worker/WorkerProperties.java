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
        @DefaultValue("true") boolean enabled) {

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
