package dev.slimfit.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.slimfit.api.support.JvmProcess;

/** A real profiler agent in its own JVM, started from the module's runtime classpath, that a test can kill. */
final class AgentProcess implements AutoCloseable {

    private final JvmProcess process;

    private AgentProcess(JvmProcess process) {
        this.process = process;
    }

    static AgentProcess start(String apiUrl, String enrollmentSecret, Path identityFile, String deviceName,
                              String logName, int timedRuns) throws IOException {
        List<String> arguments = List.of(
                "--slimfit.agent.api-url=" + apiUrl,
                "--slimfit.agent.enrollment-secret=" + enrollmentSecret,
                "--slimfit.agent.identity-file=" + identityFile,
                "--slimfit.agent.device-name=" + deviceName,
                "--slimfit.agent.heartbeat-interval=1s",
                "--slimfit.agent.claim-wait=2s",
                "--slimfit.agent.upload-batch-size=2",
                "--slimfit.agent.warmup-runs=1",
                "--slimfit.agent.timed-runs=" + timedRuns,
                "--slimfit.agent.threads=1");
        // killed at the end of a test: what a test wants to see of a graceful stop, it asks for with stop()
        return new AgentProcess(JvmProcess.start("agent-runtime-classpath.txt", "1g", ProfilerAgentApplication.class,
                arguments, Map.of(), logName, Duration.ZERO));
    }

    /** SIGKILL: no shutdown hook runs, the lease is left to expire. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM: graceful shutdown. @return the exit code, or -1 when it did not exit in time */
    int stop() throws InterruptedException {
        return process.stop(Duration.ofSeconds(90));
    }

    boolean alive() {
        return process.alive();
    }

    String logTail() {
        return process.logTail(40);
    }

    /** The whole log so far. */
    String logText() {
        return process.logText();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
