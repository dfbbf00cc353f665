package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpServer;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.JobStatus;
import dev.slimfit.core.contract.LeaseState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcome call and artifact uploads retry transient failures (a finished job survives an API or database
 * outage), and take a refusal as final.
 */
class JobsApiTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<JobOutcome> received = new CopyOnWriteArrayList<>();
    private final List<String> uploads = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** An API stand-in that answers the outcome endpoint with {@code statuses} in turn, then 200. */
    private JobsApi api(int... statuses) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/worker/jobs/", exchange -> {
            int call = calls.getAndIncrement();
            if (exchange.getRequestMethod().equals("PUT")) {
                uploads.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                int status = call < statuses.length ? statuses[call] : 204;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
                return;
            }
            JobOutcome outcome = json.readValue(exchange.getRequestBody(), JobOutcome.class);
            received.add(outcome);
            int status = call < statuses.length ? statuses[call] : 200;
            byte[] body = (status == 200 ? json.writeValueAsString(new LeaseState(UUID.randomUUID(),
                    JobStatus.SUCCEEDED, false, null)) : "{\"type\":\"x\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        WorkerProperties properties = new WorkerProperties(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "secret", "w1", Path.of("cp"),
                Duration.ofSeconds(5), Duration.ofSeconds(1), "slimfit", false, WorkerProperties.LatencyChecks.defaults());
        return new JobsApi(RestClient.builder(), properties, new WorkerIdentity(properties));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static JobOutcome outcome() {
        return JobOutcome.succeeded("w1", new JobResult(List.of(8, 16), 1, 1, null, null, 0.5, "cpu",
                List.of(List.of(0.1, Double.NaN)), List.of(), Map.of(), List.of()));
    }

    @Test
    void transientFailuresAreRetriedWithTheSameOutcomeId() throws IOException {
        JobsApi api = api(503, 502);
        JobOutcome outcome = outcome();
        LeaseState state = api.outcome(UUID.randomUUID(), outcome);
        assertThat(state.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(received).hasSize(3).allSatisfy(r -> assertThat(r).isEqualTo(outcome));
        assertThat(received.get(0).result().unaries().get(0).get(1)).isNaN();
    }

    @Test
    void aRefusalIsFinal() throws IOException {
        JobsApi api = api(409);
        assertThatThrownBy(() -> api.outcome(UUID.randomUUID(), outcome()))
                .isInstanceOf(JobsApi.NotOursException.class);
        assertThat(received).hasSize(1);
    }

    @Test
    void artifactUploadsAreRetriedThroughAnOutage(@TempDir Path dir) throws IOException {
        JobsApi api = api(503, 500, 502);
        Path file = Files.writeString(dir.resolve("architecture.json"), "{\"widths\":[8,16]}");

        api.putArtifact(UUID.randomUUID(), "architecture.json", file);

        assertThat(uploads).hasSize(4).containsOnly("{\"widths\":[8,16]}");
    }

    @Test
    void anArtifactRefusalIsFinal(@TempDir Path dir) throws IOException {
        JobsApi api = api(409);
        Path file = Files.writeString(dir.resolve("weights.params"), "w");

        assertThatThrownBy(() -> api.putArtifact(UUID.randomUUID(), "weights.params", file))
                .isInstanceOf(JobsApi.NotOursException.class);
        assertThat(uploads).hasSize(1);
    }
}
