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
 * DNAL end to end: real search workers (separate JVMs training with DJL) against a running API on real PostgreSQL
 * and RabbitMQ. A tiny DNAL job on Fashion-MNIST lands within its MAC budget with its gate distribution in the
 * result, after its first worker was killed during the gates phase and a second resumed it there.
 */
class DnalEndToEndIT {

    static LiveApi live;
    static ApiTestServer server;
    static ApiClient api;
    static String key;
    static Path checkpoints;

    @BeforeAll
    static void start() throws Exception {
        live = LiveApi.start("dnal");
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

    static JsonNode job(String id) {
        return live.job(id);
    }

    static JsonNode events(String id) {
        return live.events(id);
    }

    /** The phases of the PROGRESS events after the {@code start}-th STARTED event (1-based), in order. */
    static List<String> phasesAfterStart(String id, int start) {
        List<String> phases = new ArrayList<>();
        int starts = 0;
        for (JsonNode e : events(id)) {
            String type = e.get("type").asString();
            if (type.equals("STARTED")) {
                starts++;
            } else if (starts == start && type.equals("PROGRESS")) {
                phases.add(e.get("payload").get("progress").get("phase").asString());
            }
        }
        return phases;
    }

    static boolean inGates(String id) {
        for (JsonNode e : events(id)) {
            if (e.get("type").asString().equals("PROGRESS")
                    && e.get("payload").get("progress").get("phase").asString().equals("gates")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aDnalJobKilledInItsGatesPhaseResumesThereAndLandsWithinItsBudget() throws Exception {
        long minMacs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("minMacs").asLong();
        long maxMacs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("maxMacs").asLong();
        long budget = minMacs + (maxMacs - minMacs) * 2 / 5;
        String id;
        // 12 search epochs: 9 for the weights, 3 for the gates (killed at its first report); tiny epochs. A stop in
        // the middle of the gates phase resuming at its step is DnalSearchTest's; here the worker dies for real.
        try (WorkerProcess doomed = WorkerProcess.start(server, checkpoints, "dnal-doomed")) {
            ApiClient.Response created = api.post("/api/v1/jobs", key, """
                    {"method":"DNAL","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                     "budget":{"macs":%d},
                     "training":{"epochs":12,"finalEpochs":1,"batchSize":32,"seed":5,"trainImages":800}}"""
                    .formatted(budget));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.json().get("id").asString();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).until(() ->
                    inGates(id) || !doomed.alive()
                            || job(id).get("status").asString().matches("SUCCEEDED|FAILED"));
            assertThat(inGates(id)).as(doomed.logTail()).isTrue();
            assertThat(job(id).get("status").asString()).isEqualTo("RUNNING");
            doomed.kill();
        }
        try (WorkerProcess heir = WorkerProcess.start(server, checkpoints, "dnal-heir")) {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    job(id).get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED") || !heir.alive());
            JsonNode job = job(id);
            assertThat(job.get("status").asString()).as(job + "\n" + heir.logTail()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempt").asInt()).isEqualTo(2);
            List<String> resumed = phasesAfterStart(id, 2);
            assertThat(resumed).as("the heir resumed in the gates phase").isNotEmpty().first().isEqualTo("gates");
            assertThat(resumed).doesNotContain("weights").contains("prune", "fine-tune", "evaluate");

            JsonNode result = job.get("result");
            assertThat(result.get("macs").asLong()).isLessThanOrEqualTo(budget);
            assertThat(result.get("testAccuracy").asDouble()).as("well above chance (0.1)").isGreaterThan(0.3);
            JsonNode dnal = result.get("dnal");
            assertThat(dnal.get("landing").asString()).isIn("thresholded", "scaled", "decoded");
            assertThat(dnal.get("budgetUsed").asDouble()).isLessThanOrEqualTo(1.0)
                    .isCloseTo((double) result.get("macs").asLong() / budget,
                            org.assertj.core.data.Offset.offset(1e-6));
            assertThat(dnal.get("lambda").asDouble()).isPositive();
            assertThat(dnal.get("layers").size()).isEqualTo(5);
            for (JsonNode layer : dnal.get("layers")) {
                int total = 0;
                for (JsonNode bin : layer.get("histogram")) {
                    total += bin.asInt();
                }
                assertThat(total).isEqualTo(layer.get("channels").asInt());
                assertThat(layer.get("width").asInt())
                        .isEqualTo(result.get("widths").get(layer.get("layer").asInt()).asInt());
            }
        }
    }
}
