package dev.slimfit.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real profiler agent in its own JVM, started from the module's runtime classpath, that a test can kill. */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AgentProcess start(String apiUrl, String enrollmentSecret, Path identityFile, String deviceName,
                              String logName, int timedRuns) throws IOException {
        Path classpathFile = Path.of("target", "agent-runtime-classpath.txt");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: run the tests through Maven, which writes "
                    + "the agent's runtime classpath in generate-test-resources");
        }
        String classpath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(classpathFile).trim();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", classpath, ProfilerAgentApplication.class.getName(),
                "--slimfit.agent.api-url=" + apiUrl,
                "--slimfit.agent.enrollment-secret=" + enrollmentSecret,
                "--slimfit.agent.identity-file=" + identityFile,
                "--slimfit.agent.device-name=" + deviceName,
                "--slimfit.agent.heartbeat-interval=1s",
                "--slimfit.agent.claim-wait=2s",
                "--slimfit.agent.upload-batch-size=2",
                "--slimfit.agent.warmup-runs=1",
                "--slimfit.agent.timed-runs=" + timedRuns,
                "--slimfit.agent.threads=1"));
        Path log = Path.of("target", logName + ".log").toAbsolutePath();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new AgentProcess(process, log);
    }

    /** SIGKILL: no shutdown hook runs, the lease is left to expire. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful shutdown. @return the exit code, or -1 when it did not exit in time */
    int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(90, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The whole log so far. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
