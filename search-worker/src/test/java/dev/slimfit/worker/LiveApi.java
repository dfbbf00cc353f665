package dev.slimfit.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiTestServer;
import tools.jackson.databind.JsonNode;

/**
 * What every worker end-to-end test runs against: the API on real PostgreSQL and RabbitMQ with a short job lease
 * (so a killed worker's job comes back within seconds), a team of its own, and a checkpoint volume the test's worker
 * JVMs share. Skips, saying what to install, where Debian's Fashion-MNIST package is missing.
 *
 * @param key the team's API key
 */
record LiveApi(ApiTestServer server, ApiClient api, String key, Path checkpoints) implements AutoCloseable {

    static LiveApi start(String team) throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is missing: install the Debian package dataset-fashion-mnist");
        ApiTestServer server = ApiTestServer.start(Map.of("slimfit.api.job-lease", "5s",
                "slimfit.api.sweep-millis", "300"));
        ApiClient api = server.client();
        String key = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"" + team + "-" + UUID.randomUUID().toString().substring(0, 6) + "\"}").json()
                .get("apiKey").asString();
        return new LiveApi(server, api, key, Files.createTempDirectory("slimfit-" + team + "-checkpoints"));
    }

    JsonNode job(String id) {
        return api.get("/api/v1/jobs/" + id, key).json();
    }

    /** The job's events, oldest first (one page of up to 500). */
    JsonNode events(String id) {
        return api.get("/api/v1/jobs/" + id + "/events?limit=500", key).json().get("events");
    }

    @Override
    public void close() {
        server.close();
    }
}
