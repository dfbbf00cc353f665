package dev.slimfit.api.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slimfit.api.SlimfitApiApplication;

/**
 * The API as a process of its own (its runtime classpath, real PostgreSQL and RabbitMQ), for fault tests that
 * kill it with SIGKILL: nothing in the test JVM survives for it, as in production.
 */
public final class ApiProcess implements AutoCloseable {

    private final JvmProcess process;
    private final int port;

    private ApiProcess(JvmProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the API with the test secrets and {@code properties}, and waits until it answers health. */
    public static ApiProcess start(String name, Map<String, Object> properties, Duration startup)
            throws IOException, InterruptedException {
        int port;
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
            port = socket.getLocalPort();
            managementPort = management.getLocalPort();
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--slimfit.api.admin-key=" + ApiTestServer.ADMIN_KEY,
                "--slimfit.api.enrollment-secret=" + ApiTestServer.ENROLLMENT_SECRET,
                "--slimfit.api.worker-secret=" + ApiTestServer.WORKER_SECRET));
        properties.forEach((k, v) -> arguments.add("--" + k + "=" + v));
        ApiProcess api = new ApiProcess(JvmProcess.start("api-runtime-classpath.txt", "512m",
                SlimfitApiApplication.class, arguments, Map.of(), name, Duration.ofSeconds(30)), port);
        ApiClient health = new ApiClient(managementPort);
        long deadline = System.nanoTime() + startup.toNanos();
        while (System.nanoTime() < deadline) {
            if (!api.process.alive()) {
                throw new IllegalStateException("the API exited at start-up:\n" + api.logTail());
            }
            try {
                if (health.get("/actuator/health", null).status() == 200) {
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
        process.kill();
    }

    public String logTail() {
        return process.logTail(40);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
