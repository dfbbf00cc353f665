package dev.slimfit.api.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.api.web.LongPoll;
import tools.jackson.databind.JsonNode;

/**
 * The agents' claim and the verify wait are long polls that hold no request thread: more waiting agents than the
 * server has threads still leave it answering everyone else, and each waiting agent gets a task once there is one.
 */
class LongPollIT extends IntegrationTest {

    @Autowired
    LongPoll longPoll;

    @Value("${server.tomcat.threads.max}")
    int requestThreads;

    @Test
    void moreWaitingAgentsThanRequestThreadsLeaveTheServerAnswering() throws Exception {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        int agents = 2 * requestThreads + 2;
        int before = longPoll.waiting();
        ExecutorService clients = Executors.newFixedThreadPool(agents);
        try {
            List<CompletableFuture<Response>> claims = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                claims.add(CompletableFuture.supplyAsync(() -> api.post(
                        "/api/v1/profiling-tasks/claim?waitSeconds=20", device.token(), null), clients));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> longPoll.waiting() - before >= agents);

            // Every request thread would be taken by now if the claims held one.
            Response team = api.get("/api/v1/team", key);
            assertThat(team.status()).as(team.body()).isEqualTo(200);
            assertThat(claims).as("the claims are still waiting while the server answers others")
                    .noneMatch(CompletableFuture::isDone);

            // A table for the device makes tasks (size 10 in these tests): waiting agents take them, one each.
            Response table = api.post("/api/v1/latency-tables", key, """
                    {"deviceId":"%s","searchSpace":"fmnist-small","batchSize":1,"samples":20,"validationSamples":5}"""
                    .formatted(device.id()));
            assertThat(table.status()).as(table.body()).isEqualTo(201);
            int tasks = api.get("/api/v1/latency-tables/" + table.json().get("id").asString(), key)
                    .json().get("progress").get("tasks").asInt();
            assertThat(tasks).isBetween(1, agents - 1);

            await().atMost(Duration.ofSeconds(15)).until(() -> claims.stream().filter(CompletableFuture::isDone)
                    .count() >= tasks);
            Set<String> claimed = new HashSet<>();
            for (CompletableFuture<Response> claim : claims) {
                if (claim.isDone()) {
                    Response r = claim.get();
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(claimed.add(r.json().get("taskId").asString())).as("one task, one agent").isTrue();
                }
            }
            assertThat(claimed).hasSize(tasks);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aClaimThatFindsNothingAnswers204AfterItsWait() {
        RegisteredDevice device = newDevice();
        long start = System.nanoTime();
        Response none = api.post("/api/v1/profiling-tasks/claim?waitSeconds=1", device.token(), null);
        assertThat(none.status()).as(none.body()).isEqualTo(204);
        assertThat(System.nanoTime() - start).as("answered after the wait, not before")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(none.header("X-Content-Type-Options")).as("security headers survive the async dispatch")
                .isEqualTo("nosniff");

        Response xml = api.post("/api/v1/profiling-tasks/claim?waitSeconds=1", device.token(), null,
                "Accept", "application/xml");
        assertThat(xml.status()).as("content negotiation is decided before the poll: " + xml.body()).isEqualTo(406);
        assertThat(xml.contentType()).startsWith("application/problem+json");

        Response tooLong = api.post("/api/v1/profiling-tasks/claim?waitSeconds=61", device.token(), null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(api.post("/api/v1/profiling-tasks/claim?waitSeconds=1", null, null).status())
                .as("a long poll still needs a device token").isEqualTo(401);
    }

    @Test
    void aVerificationWaitsForTheDeviceAndAnswersDone() throws Exception {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        String tableId = api.post("/api/v1/latency-tables", key, """
                {"deviceId":"%s","searchSpace":"fmnist-small","batchSize":1,"samples":300,"validationSamples":20}"""
                .formatted(device.id())).json().get("id").asString();
        SimulatedAgent agent = new SimulatedAgent(api, device.token());
        agent.drain();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/latency-tables/" + tableId, key)
                .json().get("status").asString().equals("READY"));

        int before = longPoll.waiting();
        CompletableFuture<Response> verify = CompletableFuture.supplyAsync(() -> api.post(
                "/api/v1/latency-tables/" + tableId + "/verify", key,
                ApiClient.json(Map.of("configurations", List.of(List.of(8, 16, 32, 32, 64)), "waitSeconds", 20))));
        await().atMost(Duration.ofSeconds(10)).until(() -> longPoll.waiting() > before);
        assertThat(verify).isNotDone();
        assertThat(agent.drain()).isEqualTo(1);

        Response done = verify.get();
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.contentType()).startsWith("application/json");
        JsonNode comparison = done.json().get("comparisons").get(0);
        assertThat(comparison.get("measuredMs").asDouble()).isPositive();
        assertThat(done.location()).endsWith("/verifications/" + done.json().get("verificationId").asString());
    }
}
