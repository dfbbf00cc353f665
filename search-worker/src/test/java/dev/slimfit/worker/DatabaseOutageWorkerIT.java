package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;
import dev.slimfit.api.support.TcpProxy;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL becomes unreachable while a real worker JVM trains a job, and stays away until the job has finished:
 * callers get 503 problem+json meanwhile, the worker keeps its finished training and retries its uploads and
 * outcome, and once the database is back the job SUCCEEDS on its first attempt (no lease expiry, no requeue).
 */
class DatabaseOutageWorkerIT {

    @Test
    void aJobThatFinishesWhileTheDatabaseIsDownStillSucceeds() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is missing: install the Debian package dataset-fashion-mnist");
        Map<String, Object> services = ApiTestServer.serviceProperties();
        String direct = ExternalServices.useDocker() ? String.valueOf(services.get("spring.datasource.url"))
                : ExternalServices.newLocalDatabaseUrl();
        // jdbc:postgresql://host:port/database
        String hostPort = direct.substring("jdbc:postgresql://".length(), direct.lastIndexOf('/'));
        String database = direct.substring(direct.lastIndexOf('/'));
        int colon = hostPort.lastIndexOf(':');
        try (TcpProxy proxy = new TcpProxy(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
            Map<String, Object> props = new HashMap<>();
            props.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + database);
            props.put("spring.datasource.hikari.connection-timeout", "1000");
            props.put("spring.datasource.hikari.validation-timeout", "500");
            props.put("slimfit.api.job-lease", "5s");
            props.put("slimfit.api.sweep-millis", "300");
            props.put("slimfit.api.outage.detect-after", "2s");
            props.put("slimfit.api.outage.lease-grace", "10s");
            try (ApiTestServer server = ApiTestServer.start(props)) {
                ApiClient api = server.client();
                String key = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY, "{\"name\":\"outage-"
                        + UUID.randomUUID().toString().substring(0, 6) + "\"}").json().get("apiKey").asString();
                ApiClient.Response created = api.post("/api/v1/jobs", key, """
                        {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                         "budget":{"macs":2000000},
                         "training":{"epochs":6,"finalEpochs":0,"batchSize":32,"seed":3,"trainImages":4000}}""");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String id = created.json().get("id").asString();
                Path checkpoints = Files.createTempDirectory("slimfit-outage-checkpoints");
                try (WorkerProcess worker = WorkerProcess.start(server, checkpoints, "worker-outage")) {
                    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).until(() -> {
                        JsonNode job = api.get("/api/v1/jobs/" + id, key).json();
                        JsonNode progress = job.get("progress");
                        return !worker.alive() || (progress != null && !progress.isNull()
                                && progress.get("step").asLong() * 3 >= progress.get("totalSteps").asLong());
                    });
                    assertThat(worker.alive()).as(worker.logTail()).isTrue();

                    proxy.cut();
                    ApiClient.Response during = api.get("/api/v1/jobs/" + id, key);
                    assertThat(during.status()).isEqualTo(503);
                    assertThat(during.contentType()).startsWith("application/problem+json");
                    // Long enough for the rest of the training to finish while the database is away.
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                            worker.logTail().contains("will retry while the policy allows") || !worker.alive());
                    Thread.sleep(5_000);
                    proxy.restore();

                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        ApiClient.Response r = api.get("/api/v1/jobs/" + id, key);
                        return r.status() == 200 && r.json().get("status").asString()
                                .matches("SUCCEEDED|FAILED|CANCELLED");
                    });
                    JsonNode job = api.get("/api/v1/jobs/" + id, key).json();
                    assertThat(job.get("status").asString()).as(job + "\n" + worker.logTail()).isEqualTo("SUCCEEDED");
                    assertThat(job.get("attempt").asInt()).as("never requeued").isEqualTo(1);
                    List<String> types = new ArrayList<>();
                    api.get("/api/v1/jobs/" + id + "/events?limit=500", key).json().get("events")
                            .forEach(e -> types.add(e.get("type").asString()));
                    assertThat(types).doesNotContain("LEASE_EXPIRED").endsWith("SUCCEEDED");
                    assertThat(api.get("/api/v1/jobs/" + id + "/artifacts", key).json().size()).isPositive();
                }
            }
        }
    }
}
