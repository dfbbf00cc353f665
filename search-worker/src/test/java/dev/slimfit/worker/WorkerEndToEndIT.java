package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiTestServer;
import tools.jackson.databind.JsonNode;

/**
 * Real search workers (separate JVMs training with DJL on this CPU) against a running API on real PostgreSQL and
 * RabbitMQ: a tiny AOWS job on Fashion-MNIST runs to SUCCEEDED; a worker killed mid-job is replaced by another
 * that resumes from the checkpoint; a cancel stops a running job.
 */
class WorkerEndToEndIT {

    static LiveApi live;
    static ApiTestServer server;
    static ApiClient api;
    static String key;
    static Path checkpoints;

    @BeforeAll
    static void start() throws Exception {
        live = LiveApi.start("workers");
        server = live.server();
        api = live.api();
        key = live.key();
        checkpoints = live.checkpoints();
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.close();
        }
    }

    static String submit(int epochs) {
        long minMacs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("minMacs").asLong();
        long maxMacs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("maxMacs").asLong();
        ApiClient.Response created = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"macs":%d},
                 "training":{"epochs":%d,"finalEpochs":1,"batchSize":32,"seed":3,"trainImages":2000}}"""
                .formatted((minMacs + maxMacs) / 2, epochs));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static JsonNode job(String id) {
        return live.job(id);
    }

    static List<String> eventTypes(String id) {
        List<String> types = new ArrayList<>();
        live.events(id)
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void aTinyAowsJobRunsToSuccessWithEventsArtifactsAndReDecodes() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(server, checkpoints, "worker-a")) {
            String id = submit(3);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    job(id).get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED") || !worker.alive());
            JsonNode job = job(id);
            assertThat(job.get("status").asString()).as(job + "\n" + worker.logTail()).isEqualTo("SUCCEEDED");
            assertThat(eventTypes(id)).startsWith("SUBMITTED", "STARTED").contains("PROGRESS", "CHECKPOINT")
                    .endsWith("SUCCEEDED");

            JsonNode result = job.get("result");
            assertThat(result.get("macs").asLong()).isLessThanOrEqualTo(job.get("budget").get("macs").asLong());
            assertThat(result.get("testAccuracy").asDouble()).as("well above chance (0.1)").isGreaterThan(0.3);
            assertThat(result.get("widths").size()).isEqualTo(5);
            assertThat(result.get("backend").asString()).isNotBlank();

            List<String> artifacts = new ArrayList<>();
            api.get("/api/v1/jobs/" + id + "/artifacts", key).json().forEach(a -> artifacts.add(a.get("name")
                    .asString()));
            assertThat(artifacts).contains("architecture.json", "weights.params");
            ApiClient.Response architecture = api.get("/api/v1/jobs/" + id + "/artifacts/architecture.json", key);
            assertThat(architecture.body()).contains("fmnist-small");

            ApiClient.Response decoded = api.post("/api/v1/jobs/" + id + "/decode", key,
                    "{\"budget\":{\"macs\":" + result.get("macs").asLong() + "}}");
            assertThat(decoded.status()).as(decoded.body()).isEqualTo(200);
            assertThat(decoded.json().get("macs").asLong()).isLessThanOrEqualTo(result.get("macs").asLong());
        }
    }

    @Test
    void aKilledWorkersJobIsResumedFromItsCheckpointByAnotherWorker() throws Exception {
        String id;
        try (WorkerProcess doomed = WorkerProcess.start(server, checkpoints, "worker-doomed")) {
            id = submit(4);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                    eventTypes(id).contains("CHECKPOINT") || !doomed.alive());
            assertThat(eventTypes(id)).as(doomed.logTail()).contains("CHECKPOINT");
            doomed.kill();
        }
        try (WorkerProcess heir = WorkerProcess.start(server, checkpoints, "worker-heir")) {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    job(id).get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED") || !heir.alive());
            JsonNode job = job(id);
            assertThat(job.get("status").asString()).as(job + "\n" + heir.logTail()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempt").asInt()).isEqualTo(2);
            List<String> types = eventTypes(id);
            assertThat(types).contains("LEASE_EXPIRED");

            // After the second start, training went on from the checkpoint: no progress for epoch 1 again.
            JsonNode events = live.events(id);
            int starts = 0;
            int firstEpochAfterResume = -1;
            for (JsonNode e : events) {
                if (e.get("type").asString().equals("STARTED")) {
                    starts++;
                } else if (starts == 2 && e.get("type").asString().equals("PROGRESS")
                        && firstEpochAfterResume < 0) {
                    firstEpochAfterResume = e.get("payload").get("progress").get("epoch").asInt();
                }
            }
            assertThat(starts).isEqualTo(2);
            assertThat(firstEpochAfterResume).as("resumed after the checkpointed epoch").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void cancelStopsARunningJob() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(server, checkpoints, "worker-c")) {
            String id = submit(20);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                    eventTypes(id).contains("PROGRESS") || !worker.alive());
            ApiClient.Response cancel = api.post("/api/v1/jobs/" + id + "/cancel", key, null);
            assertThat(cancel.json().get("status").asString()).isEqualTo("CANCELLING");
            await().atMost(Duration.ofSeconds(60)).until(() -> job(id).get("status").asString().equals("CANCELLED"));
            assertThat(eventTypes(id)).endsWith("CANCELLED");
            assertThat(worker.alive()).as("the worker carries on with other jobs").isTrue();
        }
    }
}
