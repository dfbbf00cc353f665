package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;
import tools.jackson.databind.JsonNode;

/**
 * A job that keeps killing its worker: every worker that claims it stops renewing its lease. After the default of
 * three lost leases it FAILS with WORKER_LOST and the reason instead of being queued again; a graceful release
 * (a worker shutting down) is not counted.
 */
class CrashLoopIT {

    private static ApiTestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("slimfit.api.job-lease", "1s");
        props.put("slimfit.api.sweep-millis", "200");
        if (!ExternalServices.useDocker()) {
            props.put("spring.datasource.url", ExternalServices.newLocalDatabaseUrl());
        }
        server = ApiTestServer.start(props);
        api = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String status(String key, String id) {
        return api.get("/api/v1/jobs/" + id, key).json().get("status").asString();
    }

    private static void claim(String id, String worker) {
        Response claim = api.post("/api/v1/worker/jobs/" + id + "/claim", ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"" + worker + "\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
    }

    @Test
    void afterThreeLostLeasesTheJobFailsWithTheReason() {
        String key = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY, "{\"name\":\"crash-"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + "\"}").json().get("apiKey").asString();
        String id = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":2000000}}""")
                .json().get("id").asString();

        // A graceful release does not count.
        claim(id, "w-polite");
        assertThat(api.post("/api/v1/worker/jobs/" + id + "/release", ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"w-polite\"}").status()).isEqualTo(200);
        for (int crash = 1; crash <= 3; crash++) {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(key, id).equals("QUEUED"));
            claim(id, "w-crash-" + crash);
            // The worker dies: no heartbeat, the lease runs out.
            int expected = crash;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    !status(key, id).equals("RUNNING"));
            assertThat(status(key, id)).as("after lost lease %d", expected).isEqualTo(crash < 3 ? "QUEUED" : "FAILED");
        }
        JsonNode job = api.get("/api/v1/jobs/" + id, key).json();
        assertThat(job.get("attempt").asInt()).isEqualTo(4);
        assertThat(job.get("failure").get("type").asString()).isEqualTo("WORKER_LOST");
        assertThat(job.get("failure").get("message").asString()).contains("3 times").contains("w-crash-3")
                .contains("out of memory");
        List<String> types = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/events", key).json().get("events")
                .forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).containsExactly("SUBMITTED", "STARTED", "RELEASED", "STARTED", "LEASE_EXPIRED", "STARTED",
                "LEASE_EXPIRED", "STARTED", "FAILED");
        // Nothing claims it again.
        Response late = api.post("/api/v1/worker/jobs/" + id + "/claim", ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"w-late\"}");
        assertThat(late.status()).isEqualTo(409);
    }
}
