package dev.slimfit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiTestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real agents (separate JVMs timing real DJL networks on this CPU) against a running API on real PostgreSQL:
 * the first is killed mid-table, its lease expires, and a second agent with the same identity finishes it.
 */
class AgentEndToEndIT {

    @TempDir
    Path dir;

    @Test
    void agentsProfileTheSmallSpaceEndToEndAndALeaseOutlivesAKilledAgent() throws Exception {
        try (ApiTestServer server = ApiTestServer.start(Map.of(
                "slimfit.api.profiling-lease", "4s",
                "slimfit.api.profiling-task-size", "5",
                "slimfit.api.sweep-millis", "300",
                "slimfit.api.fit-poll-millis", "300",
                // Real timings of fmnist-small at batch 1 on a busy host sit at the noise floor (docs/methods/
                // latency-model.md); this test is about the agent's protocol, not about the table's quality.
                "slimfit.api.latency-quality.enabled", "false"))) {
            ApiClient api = server.client();
            String key = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                    "{\"name\":\"agents-" + UUID.randomUUID().toString().substring(0, 6) + "\"}").json()
                    .get("apiKey").asString();
            Path identity = dir.resolve("identity.json");
            String name = "cpu-" + UUID.randomUUID().toString().substring(0, 8);

            try (AgentProcess first = AgentProcess.start(server.url(), ApiTestServer.ENROLLMENT_SECRET, identity,
                    name, "agent-first", 60)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(identity) || !first.alive());
                assertThat(first.alive()).as(first.logTail()).isTrue();
                String deviceId = new JsonMapper().readTree(Files.readString(identity)).get("deviceId").asString();
                if (Files.getFileAttributeView(identity, PosixFileAttributeView.class) != null) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)))
                            .as("the device token is readable by its owner only").isEqualTo("rw-------");
                }
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        api.get("/api/v1/devices/" + deviceId, key).json().get("status").asString().equals("ONLINE"));
                assertThat(api.get("/api/v1/devices/" + deviceId, key).json().get("hardware").size()).isPositive();

                ApiClient.Response created = api.post("/api/v1/latency-tables", key, """
                        {"deviceId":"%s","searchSpace":"fmnist-small","batchSize":1,"samples":30,
                         "validationSamples":10}""".formatted(deviceId));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String tableId = created.json().get("id").asString();

                // Kill the first agent without warning while it holds a half-uploaded task.
                JdbcClient jdbc = server.bean(JdbcClient.class);
                UUID tableUuid = UUID.fromString(tableId);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> halfDoneTask(jdbc, tableUuid) != null);
                first.kill();
                UUID orphan = halfDoneTask(jdbc, tableUuid);
                assertThat(orphan).as("the killed agent left its task leased").isNotNull();

                try (AgentProcess second = AgentProcess.start(server.url(), ApiTestServer.ENROLLMENT_SECRET,
                        identity, name, "agent-second", 3)) {
                    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).until(() ->
                            status(api, key, tableId).equals("READY") || !second.alive());
                    assertThat(status(api, key, tableId)).as(second.logTail()).isEqualTo("READY");

                    JsonNode table = api.get("/api/v1/latency-tables/" + tableId, key).json();
                    JsonNode fit = table.get("fit");
                    assertThat(fit.get("trainingSamples").asInt()).isEqualTo(30);
                    assertThat(fit.get("validationSamples").asInt()).isEqualTo(10);
                    assertThat(fit.get("validationNrmsePercent").asDouble()).isFinite().isPositive();
                    // 30 fit, 10 validation and 18 repeat timings (the 10 validation networks again, the narrowest
                    // and the widest four times each).
                    assertThat(table.get("measurements").size()).isEqualTo(58);
                    assertThat(table.get("measurements").get(0).get("latencyMs").asDouble()).isPositive();
                    // The table's own extremes: entries and offset are non-negative, so even 30 noisy CPU timings
                    // that leave many unknowns unobserved cannot predict a negative latency.
                    double min = table.get("minLatencyMs").asDouble();
                    assertThat(min).as("the fastest network the table predicts").isFinite()
                            .isGreaterThanOrEqualTo(0).isLessThan(table.get("maxLatencyMs").asDouble());
                    assertThat(table.get("fastestWidths").size()).isEqualTo(5);
                    assertThat(table.get("slowestWidths").size()).isEqualTo(5);

                    Map<String, Object> orphanRow = jdbc.sql("""
                            SELECT status, attempts, (SELECT count(*) FROM measurements m WHERE m.task_id = t.id)
                                   AS measured, jsonb_array_length(configurations) AS size
                            FROM profiling_tasks t WHERE id = :id""").param("id", orphan).query().singleRow();
                    assertThat(orphanRow.get("status")).isEqualTo("DONE");
                    assertThat(((Number) orphanRow.get("attempts")).intValue()).as("leased again after expiry")
                            .isGreaterThanOrEqualTo(2);
                    // One measurement per configuration, however often some were uploaded. Tasks hold 5, except
                    // the last of a kind (18 repeat timings: 5, 5, 5 and 3), which may be the one left half done.
                    assertThat(((Number) orphanRow.get("measured")).intValue()).as("re-uploads were idempotent")
                            .isEqualTo(((Number) orphanRow.get("size")).intValue());
                    Integer devices = jdbc.sql("SELECT count(*) FROM devices WHERE name = :n").param("n", name)
                            .query(Integer.class).single();
                    assertThat(devices).as("the restarted agent kept its identity").isEqualTo(1);

                    // SIGTERM: the JVM reports 143 after running the shutdown hooks, which stop the loop cleanly.
                    assertThat(second.stop()).as("graceful shutdown exits").isIn(0, 143);
                    assertThat(second.logTail()).contains("profiler agent stopped cleanly");
                    // DJL's per-measurement CUDA and platform probes stay out of the log (profiler-agent.yml).
                    assertThat(second.logText()).doesNotContain("ai.djl.util.Platform")
                            .doesNotContain("ai.djl.util.cuda.CudaUtils").doesNotContain("ai.djl.pytorch.jni");
                }
            }
        }
    }

    /** A task of the table that is leased with some but not all of its measurements uploaded. */
    private static UUID halfDoneTask(JdbcClient jdbc, UUID tableId) {
        return jdbc.sql("""
                SELECT t.id FROM profiling_tasks t
                WHERE t.table_id = :table AND t.status = 'LEASED'
                  AND (SELECT count(*) FROM measurements m WHERE m.task_id = t.id) BETWEEN 1 AND 4
                LIMIT 1""").param("table", tableId).query(UUID.class).optional().orElse(null);
    }

    private static JsonNode progress(ApiClient api, String key, String tableId) {
        return api.get("/api/v1/latency-tables/" + tableId, key).json().get("progress");
    }

    private static String status(ApiClient api, String key, String tableId) {
        return api.get("/api/v1/latency-tables/" + tableId, key).json().get("status").asString();
    }
}
