package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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
import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import tools.jackson.databind.JsonNode;

/**
 * A real search worker (its own JVM, training with DJL on this CPU) against a running API on real PostgreSQL and
 * RabbitMQ: a tiny ENAS4D job on Fashion-MNIST's multi-stage space runs to SUCCEEDED, its average MACs measured on
 * the test split within the budget, with thresholds and exit shares in the result and the artifact.
 */
class Enas4dEndToEndIT {

    static final StagedSpace SPACE = StagedSpaces.find("fmnist-stages").orElseThrow();

    static LiveApi live;
    static ApiTestServer server;
    static ApiClient api;
    static String key;
    static Path checkpoints;

    @BeforeAll
    static void start() throws Exception {
        live = LiveApi.start("enas4d");
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

    @Test
    void aTinyEnas4dJobSucceedsWithinItsAverageMacBudgetOnTheTestSplit() throws Exception {
        long cheapest = StagedCost.cumulativeMacs(SPACE, SPACE.smallest(), 0);
        long budget = cheapest + (StagedCost.worstCaseMacs(SPACE, SPACE.largest()) - cheapest) / 3;

        ApiClient.Response tooSmall = api.post("/api/v1/jobs", key, """
                {"method":"ENAS4D","searchSpace":"fmnist-stages","dataset":"fashion-mnist",
                 "budget":{"averageMacs":%d}}""".formatted(cheapest - 1));
        assertThat(tooSmall.status()).as(tooSmall.body()).isEqualTo(422);
        assertThat(tooSmall.json().get("field").asString()).isEqualTo("budget.averageMacs");

        try (WorkerProcess worker = WorkerProcess.start(server, checkpoints, "worker-enas4d")) {
            ApiClient.Response created = api.post("/api/v1/jobs", key, """
                    {"method":"ENAS4D","searchSpace":"fmnist-stages","dataset":"fashion-mnist",
                     "budget":{"averageMacs":%d},
                     "training":{"epochs":1,"finalEpochs":1,"batchSize":64,"seed":5,"trainImages":2000}}"""
                    .formatted(budget));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").asString();

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    job(id).get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED") || !worker.alive());
            JsonNode job = job(id);
            assertThat(job.get("status").asString()).as(job + "\n" + worker.logTail()).isEqualTo("SUCCEEDED");

            JsonNode result = job.get("result");
            JsonNode metrics = result.get("metrics");
            assertThat(metrics.get("testImages").asDouble()).isEqualTo(10_000);
            assertThat(metrics.get("averageMacs").asDouble()).as("average MACs measured on the test split")
                    .isPositive().isLessThanOrEqualTo(budget);
            assertThat(metrics.get("budgetAverageMacs").asDouble()).isEqualTo(budget);
            assertThat(result.get("macs").asLong()).as("worst case").isEqualTo(metrics.get("worstCaseMacs").asLong());
            JsonNode report = result.get("enas4d");
            assertThat(report.isObject()).as("the typed early-exit report in %s", result).isTrue();
            assertThat(report.get("thresholds")).hasSize(SPACE.stageCount());
            assertThat(report.get("stages")).hasSize(SPACE.stageCount());
            assertThat(report.get("testAverageMacs").asDouble()).isEqualTo(metrics.get("averageMacs").asDouble());
            assertThat(report.get("worstCaseMacs").asLong()).isEqualTo(result.get("macs").asLong());
            double shares = 0;
            for (JsonNode share : report.get("testExitShares")) {
                shares += share.asDouble();
            }
            assertThat(shares).isCloseTo(1.0, within(1e-9));
            assertThat(result.get("dnal").isNull()).isTrue();
            assertThat(result.get("testAccuracy").asDouble()).as("above chance (0.1)").isGreaterThan(0.25);
            assertThat(result.get("widths").size()).isEqualTo(SPACE.stageCount());

            List<String> artifacts = new ArrayList<>();
            api.get("/api/v1/jobs/" + id + "/artifacts", key).json().forEach(a -> artifacts.add(a.get("name")
                    .asString()));
            assertThat(artifacts).contains("architecture.json", "weights.ndlist");
            JsonNode architecture = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                    api.get("/api/v1/jobs/" + id + "/artifacts/architecture.json", key).body());
            assertThat(architecture.get("space").asString()).isEqualTo("fmnist-stages");
            assertThat(architecture.get("thresholds")).hasSize(SPACE.stageCount());
            assertThat(architecture.get("thresholds").get(0).asDouble())
                    .isEqualTo(report.get("thresholds").get(0).asDouble());
            assertThat(architecture.get("testAverageMacs").asDouble()).isLessThanOrEqualTo(budget);
        }
    }
}
