package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.latency.SimulatedAgent;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Budgets met as measured, end to end: a planted device (an agent over real HTTP) is profiled into a good table,
 * then runs 35% slower than that table (a throttled phone, a busier host). A real worker JVM runs an AOWS job
 * under a latency budget: its first decode fits the table but measures over the budget on the device, the table is
 * recalibrated on the measurement, and a later round's network measures within the budget; the job SUCCEEDS with
 * that network, its measured latency and the rounds in the result and the job's events.
 */
class MeasuredBudgetIT {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final double SLOWDOWN = 1.35;

    private LiveApi live;
    private Thread agentThread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean slow = new AtomicBoolean(false);

    @BeforeEach
    void start() throws Exception {
        live = LiveApi.start("measured");
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        if (agentThread != null) {
            agentThread.join(10_000);
        }
        if (live != null) {
            live.close();
        }
    }

    /** Plays the device's agent until the test ends: heartbeats (so the device is online) and works its tasks. */
    private void startAgent(String deviceId, String token) {
        SimulatedAgent agent = new SimulatedAgent(live.api(), token, (space, widths, noise) -> {
            double planted = SimulatedAgent.plantedMs(space, widths);
            return slow.get() ? SLOWDOWN * planted : planted * (1 + 0.01 * noise.nextGaussian());
        });
        agentThread = new Thread(() -> {
            long lastBeat = 0;
            while (running.get()) {
                try {
                    if (System.nanoTime() - lastBeat > 2_000_000_000L) {
                        live.api().post("/api/v1/devices/" + deviceId + "/heartbeat", token, "{}");
                        lastBeat = System.nanoTime();
                    }
                    if (agent.drain() == 0) {
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the API is shutting down at the end of the test
                }
            }
        }, "planted-agent");
        agentThread.setDaemon(true);
        agentThread.start();
    }

    @Test
    void aDeviceSlowerThanItsTableIsMetAsMeasuredAfterRecalibration() throws Exception {
        ApiClient api = live.api();
        ApiClient.Response registered = api.post("/api/v1/devices", ApiTestServer.ENROLLMENT_SECRET,
                "{\"name\":\"slow-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"runtime\":"
                        + "\"djl-pytorch-cpu\",\"hardware\":{\"cpu\":\"planted\"}}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String deviceId = registered.json().get("deviceId").asString();
        startAgent(deviceId, registered.json().get("token").asString());

        double narrowest = SimulatedAgent.plantedMs(SPACE, SPACE.smallest());
        double widest = SimulatedAgent.plantedMs(SPACE, SPACE.largest());
        double budget = narrowest + 0.45 * (widest - narrowest);
        ApiClient.Response created = api.post("/api/v1/jobs", live.key(), """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":%s,"deviceId":"%s"},
                 "training":{"epochs":2,"finalEpochs":1,"batchSize":32,"seed":5,"trainImages":2000}}"""
                .formatted(budget, deviceId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                live.job(id).get("status").asString().equals("QUEUED"));

        // The table is READY; from now on the device runs slower than it says.
        slow.set(true);
        try (WorkerProcess worker = WorkerProcess.start(live.server(), live.checkpoints(), "worker-measured",
                List.of("--slimfit.worker.latency-checks.max-rounds=5",
                        "--slimfit.worker.latency-checks.poll=250ms"))) {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    live.job(id).get("status").asString().matches("SUCCEEDED|FAILED|CANCELLED") || !worker.alive());
            JsonNode job = live.job(id);
            assertThat(job.get("status").asString()).as(job + "\n" + worker.logTail()).isEqualTo("SUCCEEDED");

            JsonNode result = job.get("result");
            JsonNode correction = result.get("latencyCorrection");
            assertThat(correction.get("outcome").asString()).as(correction.toString()).isEqualTo("MET");
            int metIn = correction.get("metInRound").asInt();
            assertThat(metIn).as("the first decode fits the table, not the device").isGreaterThanOrEqualTo(2);
            JsonNode rounds = correction.get("rounds");
            JsonNode first = rounds.get(0);
            assertThat(first.get("tablePredictedMs").asDouble()).isLessThanOrEqualTo(budget);
            assertThat(first.get("measuredMs").asDouble()).isGreaterThan(budget);
            assertThat(first.get("marginMs").asDouble()).isNegative();
            JsonNode met = rounds.get(metIn - 1);
            assertThat(met.get("scale").asDouble()).as("recalibrated to the slowdown").isBetween(1.3, 1.4);
            assertThat(met.get("measuredMs").asDouble()).isLessThanOrEqualTo(budget);

            // The network trained is the one that met the budget, and its measured latency is the result's.
            assertThat(result.get("widths")).isEqualTo(met.get("widths"));
            assertThat(result.get("measuredLatencyMs").asDouble()).isEqualTo(met.get("measuredMs").asDouble())
                    .isLessThanOrEqualTo(budget);
            assertThat(result.get("overBudgetAsMeasured").asBoolean()).isFalse();
            assertThat(result.get("predictedLatencyMs").asDouble()).as("the table's own prediction")
                    .isCloseTo(met.get("tablePredictedMs").asDouble(), org.assertj.core.data.Offset.offset(1e-9));

            List<String> types = new ArrayList<>();
            List<JsonNode> checked = new ArrayList<>();
            for (JsonNode e : live.events(id)) {
                types.add(e.get("type").asString());
                if (e.get("type").asString().equals("LATENCY_CHECKED")) {
                    checked.add(e.get("payload"));
                }
            }
            assertThat(types.stream().filter("LATENCY_CHECK_REQUESTED"::equals).count()).isEqualTo(metIn);
            assertThat(checked).hasSize(metIn);
            assertThat(checked.get(0).get("overBudget").asBoolean()).isTrue();
            assertThat(checked.get(metIn - 1).get("overBudget").asBoolean()).isFalse();
            assertThat(types).endsWith("SUCCEEDED", "LATENCY_MEASURED").doesNotContain("OVER_BUDGET_AS_MEASURED");
        }
    }
}
