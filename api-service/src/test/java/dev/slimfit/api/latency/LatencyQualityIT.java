package dev.slimfit.api.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The quality gate on latency tables and the over-budget flag, over real HTTP, PostgreSQL and RabbitMQ, with
 * planted devices: a flat one whose latency does not depend on width (the noise floor), a noisy one (a misfit that
 * resampling cannot cure), and one that runs slower than its table.
 */
class LatencyQualityIT extends IntegrationTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    /** 0.75 ms whatever the widths, with 8% of scheduling noise: fmnist-small at batch 1 on a busy VM. */
    private static final SimulatedAgent.Device FLAT = (space, widths, noise) ->
            0.75 * (1 + 0.08 * noise.nextGaussian());

    /** The additive MAC device with about 45% multiplicative noise: its range (0.32-2.9 ms) is well above it. */
    private static final SimulatedAgent.Device NOISY = (space, widths, noise) ->
            SimulatedAgent.plantedMs(space, widths) * Math.exp(0.45 * noise.nextGaussian());

    private Response submit(String key, String deviceId, double budgetMs, Boolean accept) {
        String acceptField = accept == null ? "" : ",\"acceptLowQualityTable\":" + accept;
        return api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":%s,"deviceId":"%s"%s}}""".formatted(budgetMs, deviceId, acceptField));
    }

    private JsonNode job(String key, String id) {
        return api.get("/api/v1/jobs/" + id, key).json();
    }

    private List<String> eventTypes(String key, String id) {
        List<String> types = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/events", key).json().get("events")
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    private JsonNode event(String key, String id, String type) {
        for (JsonNode e : api.get("/api/v1/jobs/" + id + "/events", key).json().get("events")) {
            if (e.get("type").asString().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event on job " + id);
    }

    private JsonNode onlyTable(String key, String deviceId) {
        JsonNode tables = api.get("/api/v1/devices/" + deviceId + "/latency-tables", key).json();
        assertThat(tables.size()).isEqualTo(1);
        return api.get("/api/v1/latency-tables/" + tables.get(0).get("id").asString(), key).json();
    }

    /** Lets the agent work until the device's table leaves PROFILING and FITTING for good. */
    private JsonNode profileUntilSettled(String key, String deviceId, SimulatedAgent agent) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            agent.drain();
            String status = onlyTable(key, deviceId).get("status").asString();
            return !status.equals("PROFILING") && !status.equals("FITTING");
        });
        return onlyTable(key, deviceId);
    }

    @Test
    void aFlatDeviceGivesALowQualityTableWithTheNoiseReasonAndOnlyAcceptingJobsRunOnIt() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        Response strict = submit(key, device.id(), 5, null);
        Response accepting = submit(key, device.id(), 5, true);
        assertThat(strict.json().get("status").asString()).isEqualTo("WAITING_FOR_LATENCY");
        assertThat(accepting.json().get("status").asString()).isEqualTo("WAITING_FOR_LATENCY");
        String strictId = strict.json().get("id").asString();
        String acceptingId = accepting.json().get("id").asString();

        JsonNode table = profileUntilSettled(key, device.id(), new SimulatedAgent(api, device.token(), FLAT));
        assertThat(table.get("status").asString()).isEqualTo("LOW_QUALITY");
        String reason = table.get("failureReason").asString();
        assertThat(reason).contains("inside the timing noise at batch size 1").contains("narrowest network measured")
                .contains("widest");
        JsonNode fit = table.get("fit");
        assertThat(fit.get("meetsQualityBar").asBoolean()).isFalse();
        // The residual model is fitted and reported beside the table; on a flat, noisy device it cannot help.
        assertThat(fit.get("residual").get("tableNrmsePercent").asDouble()).isPositive();
        assertThat(fit.get("residual").get("note").asString()).isNotBlank();
        assertThat(fit.get("resampleRounds").asInt()).as("more of the same timings cannot lift the noise floor")
                .isZero();
        assertThat(fit.get("narrowestMs").asDouble()).isBetween(0.6, 0.9);
        assertThat(fit.get("widestMs").asDouble()).isBetween(0.6, 0.9);
        assertThat(fit.get("timingNoisePercent").asDouble()).isPositive();
        // The predicted range is shown (a job that accepts the table picks its budget inside it), never below zero.
        assertThat(table.get("minLatencyMs").asDouble()).isGreaterThanOrEqualTo(0)
                .isLessThanOrEqualTo(table.get("maxLatencyMs").asDouble());

        await().atMost(Duration.ofSeconds(20)).until(() -> job(key, strictId).get("status").asString()
                .equals("FAILED") && job(key, acceptingId).get("status").asString().equals("QUEUED"));
        JsonNode failure = job(key, strictId).get("failure");
        assertThat(failure.get("type").asString()).isEqualTo("LATENCY_TABLE_LOW_QUALITY");
        assertThat(failure.get("message").asString()).contains("acceptLowQualityTable")
                .contains("inside the timing noise");
        assertThat(eventTypes(key, strictId)).containsExactly("SUBMITTED", "LATENCY_FAILED");
        assertThat(eventTypes(key, acceptingId)).containsExactly("SUBMITTED", "LATENCY_READY");
        assertThat(event(key, acceptingId, "LATENCY_READY").get("payload").get("lowQuality").asBoolean()).isTrue();

        // The accepting job runs on that very table.
        Response claim = api.post("/api/v1/worker/jobs/" + acceptingId + "/claim", WORKER_SECRET,
                "{\"workerId\":\"w-low\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        assertThat(claim.json().get("latencyTableId").asString()).isEqualTo(table.get("id").asString());

        // Later submissions: refused without acceptance (naming the field), queued at once with it.
        Response refused = submit(key, device.id(), 5, null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("field").asString()).isEqualTo("budget.acceptLowQualityTable");
        assertThat(refused.json().get("detail").asString()).contains("LOW_QUALITY").contains("timing noise");
        Response queued = submit(key, device.id(), 5, true);
        assertThat(queued.status()).as(queued.body()).isEqualTo(201);
        assertThat(queued.json().get("status").asString()).isEqualTo("QUEUED");
        Response claimQueued = api.post("/api/v1/worker/jobs/" + queued.json().get("id").asString() + "/claim",
                WORKER_SECRET, "{\"workerId\":\"w-low2\"}");
        assertThat(claimQueued.json().get("latencyTableId").asString()).isEqualTo(table.get("id").asString());
    }

    @Test
    void aNoisyDeviceIsResampledABoundedNumberOfTimesThenMarkedWithItsFigures() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        String jobId = submit(key, device.id(), 5, false).json().get("id").asString();

        JsonNode table = profileUntilSettled(key, device.id(), new SimulatedAgent(api, device.token(), NOISY));
        assertThat(table.get("status").asString()).isEqualTo("LOW_QUALITY");
        JsonNode fit = table.get("fit");
        // Two rounds (the default bound), each adding half the current counts: 200 -> 300 -> 450 fit,
        // 20 -> 30 -> 45 validation; 28 repeats (20 validation networks, the narrowest and the widest 4 times).
        assertThat(fit.get("resampleRounds").asInt()).isEqualTo(2);
        assertThat(fit.get("trainingSamples").asInt()).isEqualTo(450);
        assertThat(fit.get("validationSamples").asInt()).isEqualTo(45);
        assertThat(table.get("progress").get("measurementsExpected").asInt()).isEqualTo(450 + 45 + 28);
        assertThat(table.get("progress").get("measurements").asInt()).isEqualTo(450 + 45 + 28);
        // One pair per distinct validation network timed twice: 20, or one fewer when the random validation sample
        // drew the same network twice (a pair is counted once per network).
        assertThat(fit.get("repeatPairs").asInt()).isBetween(18, 20);
        assertThat(fit.get("repeatWithin10Percent").asDouble()).as("45% noise repeats badly").isLessThan(0.5);
        String reason = table.get("failureReason").asString();
        assertThat(reason).contains("misses the quality bar").contains("held-out NRMSE").contains("above the bar")
                .contains("timed twice").doesNotContain("inside the timing noise");
        assertThat(fit.get("validationNrmsePercent").asDouble()).isGreaterThan(20);

        await().atMost(Duration.ofSeconds(20)).until(() -> job(key, jobId).get("status").asString()
                .equals("FAILED"));
        JsonNode failure = job(key, jobId).get("failure");
        assertThat(failure.get("type").asString()).isEqualTo("LATENCY_TABLE_LOW_QUALITY");
        assertThat(failure.get("message").asString()).contains("held-out NRMSE");
        assertThat(new SimulatedAgent(api, device.token(), NOISY).claim()).as("no further rounds").isNull();
    }

    @Test
    void theFlagIsValidated() {
        String key = newTeamKey();
        Response macs = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"macs":50000000,"acceptLowQualityTable":true}}""");
        assertThat(macs.status()).as(macs.body()).isEqualTo(422);
        assertThat(macs.json().get("field").asString()).isEqualTo("budget.acceptLowQualityTable");
        Response notBoolean = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":5,"deviceId":"x","acceptLowQualityTable":"perhaps"}}""");
        assertThat(notBoolean.status()).as(notBoolean.body()).isIn(400, 422);
        assertThat(notBoolean.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aNetworkOverItsBudgetAsMeasuredIsFlaggedInTheResultAndTheEvents() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        int[] widths = SPACE.layers().stream().mapToInt(l -> l.widthChoices().get(1)).toArray();
        double planted = SimulatedAgent.plantedMs(SPACE, widths);
        double budget = planted * 1.2;
        String jobId = submit(key, device.id(), budget, null).json().get("id").asString();
        new SimulatedAgent(api, device.token()).drain();
        await().atMost(Duration.ofSeconds(30)).until(() -> job(key, jobId).get("status").asString()
                .equals("QUEUED"));

        Response claim = api.post("/api/v1/worker/jobs/" + jobId + "/claim", WORKER_SECRET, "{\"workerId\":\"w\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        List<Integer> widthList = java.util.Arrays.stream(widths).boxed().toList();
        // The worker decoded under the prediction: it fits the budget by 20%.
        JobResult result = new JobResult(widthList, 1L, 1L, planted, null, 0.8, "cpu", null, List.of(), Map.of(),
                List.of());
        Response done = api.post("/api/v1/worker/jobs/" + jobId + "/outcome", WORKER_SECRET,
                ApiClient.json(JobOutcome.succeeded("w", result)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        // The device has since slowed down by half: the decoded network measures 50% slower than its table.
        SimulatedAgent slow = new SimulatedAgent(api, device.token(),
                (space, w, noise) -> 1.5 * SimulatedAgent.plantedMs(space, w));
        assertThat(slow.drain()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> job(key, jobId).get("result")
                .get("measuredLatencyMs").isNumber());
        JsonNode r = job(key, jobId).get("result");
        assertThat(r.get("measuredLatencyMs").asDouble()).isCloseTo(1.5 * planted,
                org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(r.get("overBudgetAsMeasured").asBoolean()).isTrue();
        assertThat(eventTypes(key, jobId)).endsWith("SUCCEEDED", "LATENCY_MEASURED", "OVER_BUDGET_AS_MEASURED");
        JsonNode payload = event(key, jobId, "OVER_BUDGET_AS_MEASURED").get("payload");
        assertThat(payload.get("budgetMs").asDouble()).isCloseTo(budget, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(payload.get("predictedLatencyMs").asDouble()).isCloseTo(planted,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(payload.get("marginMs").asDouble()).isCloseTo(budget - 1.5 * planted,
                org.assertj.core.data.Offset.offset(1e-6)).isNegative();
        assertThat(payload.get("marginPercent").asDouble()).isCloseTo(-25.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(payload.get("overBudget").asBoolean()).isTrue();
    }
}
