package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;
import tools.jackson.databind.JsonNode;

/**
 * The per-team running-jobs limit over real HTTP and PostgreSQL (a private database): jobs beyond it are accepted
 * and held without a message, dispatched oldest first as the team's jobs finish, invisible to other teams' limits,
 * never overshot by concurrent submits, and shown in the team's view.
 */
class TeamLimitIT {

    private static ApiTestServer server;
    private static ApiClient api;
    private static JdbcClient jdbc;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("slimfit.api.team-limits.running-jobs", 2);
        props.put("slimfit.api.rate-limit.team-submits.burst", 1000);
        if (!ExternalServices.useDocker()) {
            props.put("spring.datasource.url", ExternalServices.newLocalDatabaseUrl());
        }
        server = ApiTestServer.start(props);
        api = server.client();
        jdbc = server.bean(JdbcClient.class);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String newTeam() {
        Response created = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"limits-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asString();
    }

    private static String submit(String key) {
        Response r = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":2000000}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static JsonNode job(String key, String id) {
        return api.get("/api/v1/jobs/" + id, key).json();
    }

    private static long messages(String id) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE aggregate_id = :id::uuid").param("id", id)
                .query(Long.class).single();
    }

    private static List<String> eventTypes(String key, String id) {
        List<String> types = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/events", key).json().get("events")
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void jobsBeyondTheLimitAreHeldThenDispatchedOldestFirstAsSlotsFree() {
        String key = newTeam();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submit(key));
        }
        for (int i = 0; i < 4; i++) {
            JsonNode j = job(key, ids.get(i));
            assertThat(j.get("status").asString()).isEqualTo("QUEUED");
            assertThat(j.get("heldByTeamLimit").asBoolean()).as("job %d", i).isEqualTo(i >= 2);
            assertThat(messages(ids.get(i))).as("messages of job %d", i).isEqualTo(i >= 2 ? 0 : 1);
        }
        JsonNode view = api.get("/api/v1/team", key).json();
        assertThat(view.get("limits").get("runningJobs").asInt()).isEqualTo(2);
        assertThat(view.get("limits").get("submits").get("burst").asInt()).isEqualTo(1000);
        assertThat(view.get("usage").get("active").asLong()).isEqualTo(2);
        assertThat(view.get("usage").get("held").asLong()).isEqualTo(2);

        // Another team is not held back by this one.
        String other = newTeam();
        assertThat(job(other, submit(other)).get("heldByTeamLimit").asBoolean()).isFalse();

        // A worker takes the first job; finishing it dispatches the oldest held one, and only that one.
        Response claim = api.post("/api/v1/worker/jobs/" + ids.get(0) + "/claim", ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"w-limit\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        assertThat(job(key, ids.get(2)).get("heldByTeamLimit").asBoolean()).as("running still holds a slot")
                .isTrue();
        JobResult result = new JobResult(List.of(8, 16, 32, 32, 96), 1L, 1L, null, null, 0.8, "cpu", null,
                List.of(), Map.of(), List.of());
        Response done = api.post("/api/v1/worker/jobs/" + ids.get(0) + "/outcome", ApiTestServer.WORKER_SECRET,
                ApiClient.json(JobOutcome.succeeded("w-limit", result)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(job(key, ids.get(2)).get("heldByTeamLimit").asBoolean()).isFalse();
        assertThat(messages(ids.get(2))).isEqualTo(1);
        assertThat(eventTypes(key, ids.get(2))).containsExactly("SUBMITTED", "DISPATCHED");
        assertThat(job(key, ids.get(3)).get("heldByTeamLimit").asBoolean()).isTrue();

        // Cancelling a held job frees nothing; cancelling a dispatched one frees its slot for the last held job.
        String fifth = submit(key);
        assertThat(job(key, fifth).get("heldByTeamLimit").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/jobs/" + ids.get(3) + "/cancel", key, null).status()).isIn(200, 202);
        assertThat(job(key, ids.get(3)).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(job(key, fifth).get("heldByTeamLimit").asBoolean()).isTrue();
        assertThat(api.post("/api/v1/jobs/" + ids.get(1) + "/cancel", key, null).status()).isIn(200, 202);
        assertThat(job(key, fifth).get("heldByTeamLimit").asBoolean()).isFalse();
        assertThat(messages(fifth)).isEqualTo(1);
        JsonNode after = api.get("/api/v1/team", key).json().get("usage");
        assertThat(after.get("active").asLong()).isEqualTo(2);
        assertThat(after.get("held").asLong()).isZero();
    }

    @Test
    void concurrentSubmitsNeverOvershootTheLimit() throws Exception {
        String key = newTeam();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(pool.submit(() -> submit(key)));
        }
        int dispatched = 0;
        for (Future<String> f : futures) {
            dispatched += job(key, f.get()).get("heldByTeamLimit").asBoolean() ? 0 : 1;
        }
        pool.shutdown();
        assertThat(dispatched).isEqualTo(2);
        assertThat(api.get("/api/v1/team", key).json().get("usage").get("held").asLong()).isEqualTo(18);
    }
}
