package dev.slimfit.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;

/**
 * Rate limits on a server of its own with small buckets (and, without Docker, a database of its own, so its
 * outbox relay publishes only its own jobs): wrong keys from one address, and a team's submissions.
 */
class RateLimitIT {

    private static ApiTestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("slimfit.api.rate-limit.failed-authentication.burst", 5);
        props.put("slimfit.api.rate-limit.failed-authentication.per-second", 0.2);
        props.put("slimfit.api.rate-limit.team-submits.burst", 3);
        props.put("slimfit.api.rate-limit.team-submits.per-second", 0.5);
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

    private static String teamKey() {
        Response created = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"rl-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asString();
    }

    @Test
    void wrongKeysFromOneAddressAreSlowedDownWith429AndRetryAfter() throws Exception {
        String good = teamKey();
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/v1/jobs", "sf_guess_" + i).status()).isEqualTo(401);
        }
        Response limited = api.get("/api/v1/jobs", "sf_guess_more");
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("type").asString())
                .isEqualTo("https://slimfit.dev/problems/too-many-failed-authentications");
        assertThat(retryAfter("/api/v1/jobs", "sf_guess_again")).isPositive();
        // While the address is blocked, even a good key waits: the limiter gives no oracle for guesses.
        assertThat(api.get("/api/v1/jobs", good).status()).isEqualTo(429);
        // Public paths without a credential stay open.
        assertThat(new ApiClient(server.managementPort()).get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void aTeamsSubmitsBeyondItsLimitAre429AndCreateNothing() throws Exception {
        // Its own address bucket may be empty after the other test; submits here use good keys only, so wait.
        waitUntilAddressUnblocked();
        String key = teamKey();
        String job = """
                {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}""";
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/jobs", key, job).status()).isEqualTo(201);
        }
        Response limited = api.post("/api/v1/jobs", key, job);
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.json().get("type").asString()).isEqualTo("https://slimfit.dev/problems/submit-rate-limited");
        assertThat(api.get("/api/v1/jobs", key).json().get("items").size())
                .as("the refused submit created no job").isEqualTo(3);
        // Reads are not submits: still answered.
        assertThat(api.get("/api/v1/jobs", key).status()).isEqualTo(200);
        // Another team has its own bucket.
        assertThat(api.post("/api/v1/jobs", teamKey(), job).status()).isEqualTo(201);
    }

    private static void waitUntilAddressUnblocked() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline
                && api.get("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY).status() == 429) {
            Thread.sleep(500);
        }
    }

    private static long retryAfter(String path, String key) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(server.url() + path)).header("Authorization", "Bearer " + key)
                .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(429);
        return Long.parseLong(response.headers().firstValue("Retry-After").orElse("0"));
    }
}
