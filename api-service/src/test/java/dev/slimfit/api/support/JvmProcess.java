package dev.slimfit.api.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A role (API, worker, agent) in a JVM of its own, started from its module's runtime classpath (which Maven writes
 * to {@code target/<name>} in generate-test-resources) and its compiled classes, its output in a log under
 * {@code target}: the process a fault test kills. The role's helpers (ApiProcess, WorkerProcess, AgentProcess) say
 * what to run and how it should stop.
 */
public final class JvmProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Duration closeGrace;

    private JvmProcess(Process process, Path log, Duration closeGrace) {
        this.process = process;
        this.log = log;
        this.closeGrace = closeGrace;
    }

    /**
     * @param classpathFile the file under {@code target} holding the module's runtime classpath
     * @param heap          the {@code -Xmx} value
     * @param closeGrace    how long {@link #close} waits after SIGTERM before SIGKILL; zero kills at once
     */
    public static JvmProcess start(String classpathFile, String heap, Class<?> mainClass, List<String> arguments,
                                   Map<String, String> environment, String logName, Duration closeGrace)
            throws IOException {
        Path file = Path.of("target", classpathFile);
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: run the tests through Maven, which writes the "
                    + "module's runtime classpath in generate-test-resources");
        }
        String classpath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(file).trim();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", classpath, mainClass.getName()));
        command.addAll(arguments);
        Path log = Path.of("target", logName + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new JvmProcess(builder.start(), log, closeGrace);
    }

    /** SIGKILL: no shutdown hook, no flush, no release of anything it holds. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: graceful shutdown. @return the exit code, or -1 when it did not exit within {@code wait} */
    public int stop(Duration wait) throws InterruptedException {
        process.destroy();
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of its log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The whole log so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops it as its role should stop at the end of a test: SIGTERM, then SIGKILL after the grace (or at once). */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        if (closeGrace.isZero() || stop(closeGrace) == -1) {
            kill();
        }
    }
}
