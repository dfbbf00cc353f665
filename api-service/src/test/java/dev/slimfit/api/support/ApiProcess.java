package dev.slimfit.api.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slimfit.api.SlimfitApiApplication;

/**
 * The API as a process of its own (its runtime classpath, real PostgreSQL and RabbitMQ), for fault tests that
 * kill it with SIGKILL: nothing in the test JVM survives for it, as in production.
 */
public final class ApiProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private ApiProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the API with the test secrets and {@code properties}, and waits until it answers health. */
    public static ApiProcess start(String name, Map<String, Object> properties, Duration startup)
            throws IOException, InterruptedException {
        Path classpathFile = Path.of("target", "api-runtime-classpath.txt");
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: run the tests through Maven, which writes "
                    + "the API's runtime classpath in generate-test-resources");
        }
        int port;
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
            port = socket.getLocalPort();
            managementPort = management.getLocalPort();
        }
        String classpath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(classpathFile).trim();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath,
                SlimfitApiApplication.class.getName(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--slimfit.api.admin-key=" + ApiTestServer.ADMIN_KEY,
                "--slimfit.api.enrollment-secret=" + ApiTestServer.ENROLLMENT_SECRET,
                "--slimfit.api.worker-secret=" + ApiTestServer.WORKER_SECRET));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApiProcess api = new ApiProcess(process, log, port, managementPort);
        ApiClient client = new ApiClient(managementPort);
        long deadline = System.nanoTime() + startup.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the API exited at start-up:\n" + api.logTail());
            }
            try {
                if (client.get("/actuator/health", null).status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        api.kill();
        throw new IllegalStateException("the API did not answer health within " + startup + ":\n" + api.logTail());
    }

    public ApiClient client() {
        return new ApiClient(port);
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
