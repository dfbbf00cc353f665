package dev.slimfit.api.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.api.support.QueueProbe;
import dev.slimfit.core.contract.MessagingNames;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.JsonNode;

/** Devices, profiling tasks and latency tables over real HTTP, PostgreSQL and RabbitMQ. */
class ProfilingApiIT extends IntegrationTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    MessagingProperties messaging;

    MessagingNames names() {
        return messaging.names();
    }

    Response createTable(String key, String deviceId, int samples, int validation) {
        return api.post("/api/v1/latency-tables", key, """
                {"deviceId":"%s","searchSpace":"fmnist-small","batchSize":1,"samples":%d,"validationSamples":%d}"""
                .formatted(deviceId, samples, validation));
    }

    @Test
    void enrollmentHeartbeatAndListing() {
        String key = newTeamKey();
        assertThat(api.post("/api/v1/devices", key, "{\"name\":\"x\",\"runtime\":\"r\",\"hardware\":{}}")
                .status()).isEqualTo(403);
        assertThat(api.post("/api/v1/devices", null, "{}").status()).isEqualTo(401);

        RegisteredDevice device = newDevice();
        RegisteredDevice other = newDevice();
        Response beat = api.post("/api/v1/devices/" + device.id() + "/heartbeat", device.token(),
                "{\"hardware\":{\"cpu\":\"updated\"}}");
        assertThat(beat.status()).as(beat.body()).isEqualTo(200);
        assertThat(beat.json().get("status").asString()).isEqualTo("ONLINE");
        assertThat(api.post("/api/v1/devices/" + other.id() + "/heartbeat", device.token(), null).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/devices/" + device.id() + "/heartbeat", key, null).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/jobs", device.token()).status()).as("a device cannot act as a team")
                .isEqualTo(403);

        Response listed = api.get("/api/v1/devices/" + device.id(), key);
        assertThat(listed.json().get("hardware").get("cpu").asString()).isEqualTo("updated");

        String name = listed.json().get("name").asString();
        Response duplicate = api.post("/api/v1/devices", ENROLLMENT_SECRET,
                "{\"name\":\"" + name + "\",\"runtime\":\"r\",\"hardware\":{}}");
        assertThat(duplicate.status()).isEqualTo(409);

        assertThat(api.post("/api/v1/devices/" + device.id() + "/revoke", ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/devices/" + device.id() + "/heartbeat", device.token(), null).status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/devices/" + device.id(), key).json().get("status").asString())
                .isEqualTo("REVOKED");
    }

    @Test
    void aTableIsProfiledFittedAndReadyWithFitFigures() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        Response created = createTable(key, device.id(), 300, 50);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String tableId = created.json().get("id").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("PROFILING");
        // 30 FIT and 5 VALIDATION tasks of 10, and 3 REPEAT ones: 20 validation networks again, the narrowest
        // and the widest four times each.
        assertThat(created.json().get("progress").get("tasks").asInt()).isEqualTo(38);
        assertThat(created.json().get("progress").get("measurementsExpected").asInt()).isEqualTo(378);

        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        assertThat(agent.drain()).isEqualTo(38);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/v1/latency-tables/" + tableId, key).json().get("status").asString()
                        .equals("READY"));
        JsonNode table = api.get("/api/v1/latency-tables/" + tableId, key).json();
        JsonNode fit = table.get("fit");
        assertThat(fit.get("trainingSamples").asInt()).isEqualTo(300);
        assertThat(fit.get("validationSamples").asInt()).isEqualTo(50);
        assertThat(fit.get("validationNrmsePercent").asDouble()).isLessThan(5.0);
        assertThat(fit.get("validationWithin10Percent").asDouble()).isGreaterThan(0.9);
        assertThat(table.get("entries").size()).isPositive();
        assertThat(table.get("measurements").size()).isEqualTo(378);
        assertThat(fit.get("meetsQualityBar").asBoolean()).isTrue();
        assertThat(fit.get("resampleRounds").asInt()).isZero();
        assertThat(fit.get("repeatPairs").asInt()).as("distinct validation networks timed twice").isBetween(18, 20);
        // The residual model beside the table, on the same held-out networks (outliers included).
        JsonNode residual = fit.get("residual");
        assertThat(residual.get("trees").asInt()).isPositive();
        assertThat(residual.get("tableNrmsePercent").asDouble()).isCloseTo(
                fit.get("validationNrmseAllPercent").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(residual.get("validationWithin10Percent").asDouble()).isGreaterThan(0.9);
        assertThat(residual.get("used").asBoolean()).isEqualTo(
                residual.get("validationNrmsePercent").asDouble() < residual.get("tableNrmsePercent").asDouble()
                        && residual.get("validationWithin10Percent").asDouble()
                        >= residual.get("tableWithin10Percent").asDouble());
        assertThat(fit.get("repeatWithin10Percent").asDouble()).as("1% noise repeats well").isGreaterThan(0.95);
        assertThat(fit.get("timingNoisePercent").asDouble()).isBetween(0.2, 3.0);
        assertThat(fit.get("widestMs").asDouble()).isGreaterThan(fit.get("narrowestMs").asDouble());
        assertThat(table.get("version").asInt()).isEqualTo(1);
        assertThat(table.get("offsetMs").isNumber()).isTrue();

        // POST and GET show one table representation: every field of the created table is a top-level field here.
        assertThat(table.propertyNames()).containsAll(created.json().propertyNames())
                .contains("minLatencyMs", "maxLatencyMs", "fastestWidths", "slowestWidths");
        assertThat(created.json().get("minLatencyMs").isNull()).as("no extremes before READY").isTrue();
        assertThat(created.json().get("fastestWidths").isNull()).isTrue();

        // The planted device is 0.2 ms + 2 ns per MAC: the narrowest network is the fastest, the widest the slowest.
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        List<Integer> narrowest = space.layers().stream().map(l -> l.widthChoices().get(0)).toList();
        List<Integer> widest = space.layers().stream()
                .map(l -> l.widthChoices().get(l.widthChoices().size() - 1)).toList();
        assertThat(toList(table.get("fastestWidths"))).isEqualTo(narrowest);
        assertThat(toList(table.get("slowestWidths"))).isEqualTo(widest);
        double min = table.get("minLatencyMs").asDouble();
        double max = table.get("maxLatencyMs").asDouble();
        assertThat(min).isPositive().isLessThan(max)
                .isCloseTo(SimulatedAgent.plantedMs(space, toArray(narrowest)), Percentage.withPercentage(10));
        assertThat(max).isCloseTo(SimulatedAgent.plantedMs(space, toArray(widest)), Percentage.withPercentage(10));
        for (JsonNode m : table.get("measurements")) {
            assertThat(m.get("latencyMs").asDouble()).as("every measured network lies within the table's range")
                    .isBetween(min * 0.9, max * 1.1);
        }

        Response listed = api.get("/api/v1/devices/" + device.id() + "/latency-tables", key);
        assertThat(listed.json()).extracting(t -> t.get("id").asString()).containsExactly(tableId);
        assertThat(listed.json().get(0).get("minLatencyMs").asDouble()).isEqualTo(min);
        assertThat(listed.json().get(0).get("maxLatencyMs").asDouble()).isEqualTo(max);
        assertThat(listed.json().get(0).has("entries")).as("lists stay light").isFalse();

        Response second = createTable(key, device.id(), 10, 5);
        assertThat(second.json().get("version").asInt()).as("tables are versioned").isEqualTo(2);
    }

    @Test
    void badMeasurementsAreRejectedWithProblems() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        RegisteredDevice stranger = newDevice();
        createTable(key, device.id(), 10, 1);
        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        JsonNode task = agent.claim();
        String id = task.get("taskId").asString();
        List<Integer> widths = new java.util.ArrayList<>();
        task.get("configurations").get(0).forEach(w -> widths.add(w.asInt()));
        String path = "/api/v1/profiling-tasks/" + id + "/measurements";

        Response negative = api.post(path, device.token(), ApiClient.json(Map.of("measurements",
                List.of(Map.of("index", 0, "widths", widths, "latencyMs", -1.0)))));
        assertProblem(negative, 422, "measurements[0].latencyMs");

        Response nan = api.post(path, device.token(),
                "{\"measurements\":[{\"index\":0,\"widths\":" + widths + ",\"latencyMs\":NaN}]}");
        assertProblem(nan, 400, null);
        Response nanString = api.post(path, device.token(),
                "{\"measurements\":[{\"index\":0,\"widths\":" + widths + ",\"latencyMs\":\"NaN\"}]}");
        assertThat(nanString.status()).isIn(400, 422);
        assertThat(nanString.contentType()).startsWith("application/problem+json");

        List<Integer> wrong = new java.util.ArrayList<>(widths);
        wrong.set(0, wrong.get(0) + 1);
        Response wrongConfig = api.post(path, device.token(), ApiClient.json(Map.of("measurements",
                List.of(Map.of("index", 0, "widths", wrong, "latencyMs", 1.0)))));
        assertProblem(wrongConfig, 422, "measurements[0].widths");

        Response outOfRange = api.post(path, device.token(), ApiClient.json(Map.of("measurements",
                List.of(Map.of("index", 999, "widths", widths, "latencyMs", 1.0)))));
        assertProblem(outOfRange, 422, "measurements[0].index");

        Response notYours = api.post(path, stranger.token(), ApiClient.json(Map.of("measurements",
                List.of(Map.of("index", 0, "widths", widths, "latencyMs", 1.0)))));
        assertProblem(notYours, 404, null);
        assertProblem(api.post(path, key, ApiClient.json(Map.of("measurements",
                List.of(Map.of("index", 0, "widths", widths, "latencyMs", 1.0))))), 403, null);

        Response early = api.post("/api/v1/profiling-tasks/" + id + "/complete", device.token(), null);
        assertProblem(early, 409, null);
        assertThat(early.json().get("type").asString()).endsWith("/task-incomplete");

        // Nothing bad was stored: the task still finishes normally.
        agent.finish(task);
    }

    @Test
    void anExpiredLeaseReturnsTheTaskAndAnotherAgentFinishesTheTable() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        // Large enough to pass the quality gate: this test is about leases, not about resampling.
        String tableId = createTable(key, device.id(), 150, 10).json().get("id").asString();
        SimulatedAgent dying = new SimulatedAgent(api, device.token());
        JsonNode first = dying.claim();
        // The dying agent uploads part of its batch, then goes silent.
        dying.upload(first.get("taskId").asString(), List.of(Map.of("index", 0, "widths",
                toList(first.get("configurations").get(0)), "latencyMs", 1.5)));

        SimulatedAgent successor = new SimulatedAgent(api, device.token());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode again = successor.claim();
            assertThat(again).isNotNull();
            if (again.get("taskId").asString().equals(first.get("taskId").asString())) {
                assertThat(again.get("attempt").asInt()).isEqualTo(2);
                successor.finish(again);
            } else {
                successor.finish(again);
                throw new AssertionError("got the other task first; keep polling for the expired one");
            }
        });
        successor.drain();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/latency-tables/" + tableId, key)
                .json().get("status").asString().equals("READY"));
    }

    @Test
    void aWaitingJobIsQueuedWhenItsTableIsReadyAndLaterBudgetsAreCheckedAgainstIt() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        String body = """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":%s,"deviceId":"%s"}}""";
        Response waiting = api.post("/api/v1/jobs", key, body.formatted("50", device.id()));
        assertThat(waiting.json().get("status").asString()).isEqualTo("WAITING_FOR_LATENCY");
        UUID jobId = UUID.fromString(waiting.json().get("id").asString());

        new SimulatedAgent(api, device.token()).drain();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/v1/jobs/" + jobId, key).json().get("status").asString().equals("QUEUED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(QueueProbe.messagesFor(rabbit, names().jobsQueue(), jobId)).hasSize(1));
        Response events = api.get("/api/v1/jobs/" + jobId + "/events", key);
        assertThat(events.json().get("events")).extracting(e -> e.get("type").asString())
                .containsExactly("SUBMITTED", "LATENCY_READY");

        Response direct = api.post("/api/v1/jobs", key, body.formatted("50", device.id()));
        assertThat(direct.json().get("status").asString()).as("a READY table queues at once").isEqualTo("QUEUED");
        Response infeasible = api.post("/api/v1/jobs", key, body.formatted("0.001", device.id()));
        assertProblem(infeasible, 422, "budget.latencyMs");
        assertThat(infeasible.json().get("detail").asString()).contains("fastest configuration");
    }

    @Test
    void verificationComparesPredictedAndMeasuredLatency() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        String tableId = createTable(key, device.id(), 300, 20).json().get("id").asString();
        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        agent.drain();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/latency-tables/" + tableId, key)
                .json().get("status").asString().equals("READY"));

        JsonNode space = api.get("/api/v1/search-spaces/fmnist-small", key).json();
        List<Integer> smallest = new java.util.ArrayList<>();
        space.get("layers").forEach(l -> smallest.add(l.get("widthChoices").get(0).asInt()));
        Response pending = api.post("/api/v1/latency-tables/" + tableId + "/verify", key,
                ApiClient.json(Map.of("configurations", List.of(smallest), "waitSeconds", 0)));
        assertThat(pending.status()).as(pending.body()).isEqualTo(202);
        assertThat(agent.drain()).isEqualTo(1);

        Response done = api.get(pending.location(), key);
        assertThat(done.json().get("status").asString()).isEqualTo("DONE");
        JsonNode comparison = done.json().get("comparisons").get(0);
        assertThat(comparison.get("measuredMs").asDouble()).isPositive();
        assertThat(Math.abs(comparison.get("errorPercent").asDouble())).isLessThan(25.0);

        List<Integer> invalid = new java.util.ArrayList<>(smallest);
        invalid.set(0, 7);
        assertProblem(api.post("/api/v1/latency-tables/" + tableId + "/verify", key,
                ApiClient.json(Map.of("configurations", List.of(invalid)))), 422, "configurations[0]");

        // README's old example: 24 is no width of fmnist-small's third layer; the problem says which ones are.
        Response readmeExample = api.post("/api/v1/latency-tables/" + tableId + "/verify", key,
                "{\"configurations\":[[8,16,24,32,48]],\"waitSeconds\":30}");
        assertProblem(readmeExample, 422, "configurations[0]");
        assertThat(readmeExample.json().get("detail").asString())
                .contains("cannot have width 24; allowed widths are [16, 32, 48, 64, 80, 96]");
        Response corrected = api.post("/api/v1/latency-tables/" + tableId + "/verify", key,
                "{\"configurations\":[[8,16,32,32,64]],\"waitSeconds\":0}");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(202);
        assertThat(agent.drain()).isEqualTo(1);
        assertThat(api.get(corrected.location(), key).json().get("status").asString()).isEqualTo("DONE");
    }

    @Test
    void aJobWaitingForATableThatCannotBeBuiltFailsWithTheReason() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        Response job = api.post("/api/v1/jobs", key, """
                {"method":"OWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":5,"deviceId":"%s"}}""".formatted(device.id()));
        String jobId = job.json().get("id").asString();
        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        // The device cannot build these networks: it gives the same task up until its attempts run out.
        for (int attempt = 1; attempt <= 3; attempt++) {
            JsonNode task = agent.claim();
            assertThat(task.get("attempt").asInt()).isEqualTo(attempt);
            assertThat(api.post("/api/v1/profiling-tasks/" + task.get("taskId").asString() + "/fail",
                    device.token(), "{\"reason\":\"out of memory building the network\"}").status()).isEqualTo(204);
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                api.get("/api/v1/jobs/" + jobId, key).json().get("status").asString().equals("FAILED"));
        JsonNode failure = api.get("/api/v1/jobs/" + jobId, key).json().get("failure");
        assertThat(failure.get("type").asString()).isEqualTo("LATENCY_PROFILING_FAILED");
        assertThat(failure.get("message").asString()).contains("out of memory building the network");
        JsonNode tables = api.get("/api/v1/devices/" + device.id() + "/latency-tables", key).json();
        assertThat(tables.get(0).get("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void aSucceededLatencyJobIsTimedOnItsDevice() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        Response job = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":50,"deviceId":"%s"}}""".formatted(device.id()));
        UUID jobId = UUID.fromString(job.json().get("id").asString());
        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        agent.drain();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/v1/jobs/" + jobId, key).json().get("status").asString().equals("QUEUED"));

        Response claim = api.post("/api/v1/worker/jobs/" + jobId + "/claim", WORKER_SECRET, "{\"workerId\":\"w\"}");
        assertThat(claim.json().get("latencyTable").get("format").asString()).isEqualTo("slimfit.latency-table.v1");
        assertThat(claim.json().get("latencyTable").get("space").asString()).isEqualTo("fmnist-small");
        JsonNode space = api.get("/api/v1/search-spaces/fmnist-small", key).json();
        List<Integer> widths = new java.util.ArrayList<>();
        space.get("layers").forEach(l -> widths.add(l.get("widthChoices").get(1).asInt()));
        dev.slimfit.core.contract.JobResult result = new dev.slimfit.core.contract.JobResult(widths, 1L, 1L, 0.3,
                null, 0.8, "cpu", null, List.of(), Map.of(), List.of());
        Response done = api.post("/api/v1/worker/jobs/" + jobId + "/outcome", WORKER_SECRET,
                ApiClient.json(dev.slimfit.core.contract.JobOutcome.succeeded("w", result)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/jobs/" + jobId, key).json().get("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(agent.drain()).as("the device is asked to time the decoded network").isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode r = api.get("/api/v1/jobs/" + jobId, key).json().get("result");
            assertThat(r.get("measuredLatencyMs").isNumber()).isTrue();
            double planted = SimulatedAgent.plantedMs(dev.slimfit.core.space.SearchSpaceRegistry.builtIn()
                    .find("fmnist-small").orElseThrow(), widths.stream().mapToInt(Integer::intValue).toArray());
            assertThat(r.get("measuredLatencyMs").asDouble()).isCloseTo(planted,
                    org.assertj.core.data.Percentage.withPercentage(5));
        });
        assertThat(api.get("/api/v1/jobs/" + jobId + "/events", key).json().get("events"))
                .extracting(e -> e.get("type").asString()).endsWith("SUCCEEDED", "LATENCY_MEASURED");
    }

    private static int[] toArray(List<Integer> widths) {
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Integer> toList(JsonNode array) {
        List<Integer> out = new java.util.ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return out;
    }

    private static void assertProblem(Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(r.json().get("field").asString()).as(r.body()).isEqualTo(field);
        }
    }
}
