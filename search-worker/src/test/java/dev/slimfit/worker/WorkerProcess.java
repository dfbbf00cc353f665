package dev.slimfit.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.slimfit.api.support.ApiTestServer;

/** A real search worker in its own JVM, started from the module's runtime classpath, that a test can kill. */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(ApiTestServer server, Path checkpoints, String workerId) throws IOException {
        return start(server, checkpoints, workerId, List.of());
    }

    /** With further {@code --name=value} arguments for the worker application. */
    static WorkerProcess start(ApiTestServer server, Path checkpoints, String workerId, List<String> arguments)
            throws IOException {
        Path classpathFile = Path.of("target", "worker-runtime-classpath.txt");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: run the tests through Maven, which writes "
                    + "the worker's runtime classpath in generate-test-resources");
        }
        String classpath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(classpathFile).trim();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", classpath, SearchWorkerApplication.class.getName(),
                "--slimfit.worker.api-url=" + server.url(),
                "--slimfit.worker.worker-secret=" + ApiTestServer.WORKER_SECRET,
                "--slimfit.worker.worker-id=" + workerId,
                "--slimfit.worker.checkpoint-dir=" + checkpoints,
                "--slimfit.worker.messaging-prefix=" + server.messagingPrefix(),
                "--slimfit.worker.heartbeat-interval=1s",
                "--slimfit.worker.poll-timeout=1s",
                "--spring.rabbitmq.host=" + server.rabbitHost(),
                "--spring.rabbitmq.port=" + server.rabbitPort()));
        command.addAll(arguments);
        Path log = Path.of("target", workerId + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return new WorkerProcess(builder.start(), log);
    }

    /** SIGKILL: no checkpoint on the way out, no release: only the lease expiry can free the job. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
