package dev.slimfit.api.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The workers' latency checks over real HTTP and PostgreSQL: a running latency-budget job has a network timed on
 * its device (a planted agent), the figure reaches the worker and the job's events; bad requests are refused naming
 * the field, and only the lease holder of a latency-budget job may ask.
 */
class LatencyCheckIT extends IntegrationTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    private String runningLatencyJob(String key, RegisteredDevice device, String workerId) {
        String id = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":2.0,"deviceId":"%s"}}""".formatted(device.id())).json().get("id").asString();
        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            agent.drain();
            return api.get("/api/v1/jobs/" + id, key).json().get("status").asString().equals("QUEUED");
        });
        Response claim = api.post("/api/v1/worker/jobs/" + id + "/claim", WORKER_SECRET,
                "{\"workerId\":\"" + workerId + "\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        return id;
    }

    private Response check(String jobId, String body) {
        return api.post("/api/v1/worker/jobs/" + jobId + "/latency-checks", WORKER_SECRET, body);
    }

    private static String widths(int[] widths) {
        return java.util.Arrays.toString(widths);
    }

    @Test
    void aCheckIsTimedByTheDeviceAndLandsInTheJobsEvents() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        String id = runningLatencyJob(key, device, "w-check");
        int[] widths = SPACE.largest();
        Response requested = check(id, "{\"workerId\":\"w-check\",\"widths\":" + widths(widths) + ",\"round\":1}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(200);
        assertThat(requested.json().get("status").asString()).isEqualTo("PENDING");
        String checkId = requested.json().get("checkId").asString();
        String path = "/api/v1/worker/jobs/" + id + "/latency-checks/" + checkId + "?workerId=w-check";
        assertThat(api.get(path, WORKER_SECRET).json().get("status").asString()).isEqualTo("PENDING");

        SimulatedAgent slow = new SimulatedAgent(api, device.token(),
                (space, w, noise) -> 1.5 * SimulatedAgent.plantedMs(space, w));
        assertThat(slow.drain()).isEqualTo(1);
        JsonNode done = api.get(path, WORKER_SECRET).json();
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        double planted = 1.5 * SimulatedAgent.plantedMs(SPACE, widths);
        assertThat(done.get("measuredMs").asDouble()).isCloseTo(planted, org.assertj.core.data.Offset.offset(1e-9));

        List<String> types = new ArrayList<>();
        JsonNode checked = null;
        for (JsonNode e : api.get("/api/v1/jobs/" + id + "/events", key).json().get("events")) {
            types.add(e.get("type").asString());
            if (e.get("type").asString().equals("LATENCY_CHECKED")) {
                checked = e.get("payload");
            }
        }
        assertThat(types).endsWith("LATENCY_CHECK_REQUESTED", "LATENCY_CHECKED");
        assertThat(checked.get("round").asInt()).isEqualTo(1);
        assertThat(checked.get("measuredLatencyMs").asDouble()).isCloseTo(planted,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(checked.get("overBudget").asBoolean()).isEqualTo(planted > 2.0);
        assertThat(checked.get("marginMs").asDouble()).isCloseTo(2.0 - planted,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void badChecksAreRefusedNamingTheFieldAndOnlyTheLeaseHolderMayAsk() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        String id = runningLatencyJob(key, device, "w-bad");
        String good = widths(SPACE.largest());

        Response wrongWidths = check(id, "{\"workerId\":\"w-bad\",\"widths\":[1,2,3],\"round\":1}");
        assertThat(wrongWidths.status()).as(wrongWidths.body()).isEqualTo(422);
        assertThat(wrongWidths.contentType()).startsWith("application/problem+json");
        assertThat(wrongWidths.json().get("field").asString()).isEqualTo("widths");
        Response noWidths = check(id, "{\"workerId\":\"w-bad\",\"round\":1}");
        assertThat(noWidths.json().get("field").asString()).isEqualTo("widths");
        Response badRound = check(id, "{\"workerId\":\"w-bad\",\"widths\":" + good + ",\"round\":0}");
        assertThat(badRound.status()).isEqualTo(422);
        assertThat(badRound.json().get("field").asString()).isEqualTo("round");
        Response noWorker = check(id, "{\"widths\":" + good + ",\"round\":1}");
        assertThat(noWorker.status()).isEqualTo(422);
        assertThat(noWorker.json().get("field").asString()).isEqualTo("workerId");
        Response other = check(id, "{\"workerId\":\"w-other\",\"widths\":" + good + ",\"round\":1}");
        assertThat(other.status()).as(other.body()).isEqualTo(409);
        assertThat(other.json().get("type").asString()).endsWith("lease-lost");
        Response asTeam = api.post("/api/v1/worker/jobs/" + id + "/latency-checks", key,
                "{\"workerId\":\"w-bad\",\"widths\":" + good + ",\"round\":1}");
        assertThat(asTeam.status()).isIn(401, 403);
        Response unknown = api.get("/api/v1/worker/jobs/" + id + "/latency-checks/" + UUID.randomUUID()
                + "?workerId=w-bad", WORKER_SECRET);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        // Nothing was queued for the device by the refused requests.
        assertThat(new SimulatedAgent(api, device.token()).claim()).isNull();

        // A job without a latency budget has nothing to time.
        String macsJob = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"macs":50000000}}""").json().get("id").asString();
        api.post("/api/v1/worker/jobs/" + macsJob + "/claim", WORKER_SECRET, "{\"workerId\":\"w-macs\"}");
        Response macs = check(macsJob, "{\"workerId\":\"w-macs\",\"widths\":" + good + ",\"round\":1}");
        assertThat(macs.status()).as(macs.body()).isEqualTo(409);
        assertThat(macs.json().get("type").asString()).endsWith("no-latency-budget");
    }
}
