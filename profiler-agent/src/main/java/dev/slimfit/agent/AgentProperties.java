package dev.slimfit.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the profiler agent ({@code slimfit.agent.*}).
 *
 * @param apiUrl            the Slimfit API; the agent talks to nothing else
 * @param enrollmentSecret  presented once to register this device; not needed after the identity file exists
 * @param deviceName        unique name of this device in the farm
 * @param runtime           the runtime the measurements stand for (tables are kept per runtime)
 * @param identityFile      where the device id and token are kept, so a restart keeps the identity; by default
 *                          {@code ~/.slimfit/agent-identity.json} (see {@link #defaultIdentityFile()})
 * @param heartbeatInterval how often the agent tells the API it is alive
 * @param claimWait         how long one long-poll for a task waits
 * @param uploadBatchSize   measurements per upload: a crash loses at most this many
 * @param warmupRuns        untimed forward passes before timing a network
 * @param timedRuns         timed forward passes per network; {@code statistic} of them is reported
 * @param threads           intra-op threads for timing, 1 by default: on a small shared host (the 2-core
 *                          development VM) one thread leaves a core to everything else and repeats far better than
 *                          two threads fighting the API, the database and other work for both cores; set it to the
 *                          thread count the deployed network will run with on a dedicated device; 0 uses every core
 * @param statistic         which statistic of the timed runs is reported: P10 (the default) repeats far better
 *                          than the median on shared or noisy hosts (bench/profiler shows both); MEDIAN is AOWS's
 * @param enabled           whether the work loop starts with the application
 */
@Validated
@ConfigurationProperties("slimfit.agent")
public record AgentProperties(
        @NotNull @DefaultValue("http://127.0.0.1:8080") URI apiUrl,
        @DefaultValue("") String enrollmentSecret,
        @DefaultValue("") String deviceName,
        @NotNull @DefaultValue("djl-pytorch-cpu") String runtime,
        Path identityFile,
        @NotNull @DefaultValue("10s") Duration heartbeatInterval,
        @NotNull @DefaultValue("20s") Duration claimWait,
        @Min(1) @DefaultValue("10") int uploadBatchSize,
        @Min(0) @DefaultValue("5") int warmupRuns,
        @Min(1) @DefaultValue("20") int timedRuns,
        @Min(0) @DefaultValue("1") int threads,
        @NotNull @DefaultValue("P10") Statistic statistic,
        @DefaultValue("true") boolean enabled) {

    public AgentProperties {
        if (identityFile == null || identityFile.toString().isBlank()) {
            identityFile = defaultIdentityFile();
        }
    }

    /**
     * A per-user state file, {@code ${user.home}/.slimfit/agent-identity.json}: never the working directory, where it
     * would end up next to (or inside) a checkout.
     */
    public static Path defaultIdentityFile() {
        return Path.of(System.getProperty("user.home"), ".slimfit", "agent-identity.json");
    }

    /** The statistic of a network's timed runs that becomes its measurement. */
    public enum Statistic { MEDIAN, P10, MIN }

    /** Never print the enrollment secret. */
    @Override
    public String toString() {
        return "AgentProperties[apiUrl=" + apiUrl + ", deviceName=" + deviceName + ", runtime=" + runtime
                + ", identityFile=" + identityFile + ", enrollmentSecret="
                + (enrollmentSecret.isEmpty() ? "<unset>" : "<redacted>") + "]";
    }
}
