package dev.slimfit.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.JvmProcess;

/** A real search worker in its own JVM, started from the module's runtime classpath, that a test can kill. */
final class WorkerProcess implements AutoCloseable {

    private final JvmProcess process;

    private WorkerProcess(JvmProcess process) {
        this.process = process;
    }

    static WorkerProcess start(ApiTestServer server, Path checkpoints, String workerId) throws IOException {
        return start(server, checkpoints, workerId, List.of());
    }

    /** With further {@code --name=value} arguments for the worker application. */
    static WorkerProcess start(ApiTestServer server, Path checkpoints, String workerId, List<String> arguments)
            throws IOException {
        List<String> all = new ArrayList<>(List.of(
                "--slimfit.worker.api-url=" + server.url(),
                "--slimfit.worker.worker-secret=" + ApiTestServer.WORKER_SECRET,
                "--slimfit.worker.worker-id=" + workerId,
                "--slimfit.worker.checkpoint-dir=" + checkpoints,
                "--slimfit.worker.messaging-prefix=" + server.messagingPrefix(),
                "--slimfit.worker.heartbeat-interval=1s",
                "--slimfit.worker.poll-timeout=1s",
                "--spring.rabbitmq.host=" + server.rabbitHost(),
                "--spring.rabbitmq.port=" + server.rabbitPort()));
        all.addAll(arguments);
        // a graceful stop checkpoints the running job first, which can take a while on 2 cores
        return new WorkerProcess(JvmProcess.start("worker-runtime-classpath.txt", "2g",
                SearchWorkerApplication.class, all, Map.of("DJL_OFFLINE", "true", "OMP_WAIT_POLICY", "PASSIVE"),
                workerId, Duration.ofSeconds(60)));
    }

    /** SIGKILL: no checkpoint on the way out, no release: only the lease expiry can free the job. */
    void kill() throws InterruptedException {
        process.kill();
    }

    boolean alive() {
        return process.alive();
    }

    String logTail() {
        return process.logTail(60);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
