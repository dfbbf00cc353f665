package dev.slimfit.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import dev.slimfit.models.engine.OfflinePyTorch;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local node for real, in this JVM: PostgreSQL from the zonky binaries and Qpid Broker-J, API, worker and agent
 * as their own Spring applications. A job runs to SUCCEEDED through the same queue, lease and outcome paths as a
 * deployment; a malformed job message is dead-lettered by the in-JVM broker; after a restart on the same state
 * folder the job, the team and the device are still there.
 */
class LocalNodeIT {

    static Path stateDir;
    static NodeState state;
    static LocalNode node;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.exists(Demo.FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "SKIPPED: Fashion-MNIST is missing; install the Debian package dataset-fashion-mnist");
        OfflinePyTorch.applyOfflineSettings();
        stateDir = Files.createTempDirectory("slimfit-node-it");
        state = NodeState.open(stateDir);
        node = LocalNode.start(state);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (stateDir != null) {
            try (var files = Files.walk(LocalPostgres.homeFor(stateDir).getParent())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (java.io.IOException missing) {
                // already gone
            }
        }
    }

    @Test
    void aJobSucceedsPoisonIsDeadLetteredAndEverythingSurvivesARestart() throws Exception {
        assertThat(Files.getPosixFilePermissions(stateDir.resolve(NodeState.SETTINGS)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(state.port("db-port")).isNotEqualTo(5432);
        assertThat(state.port("broker-port")).isNotEqualTo(5672);
        ApiClient anonymous = new ApiClient(state.apiUrl());
        assertThat(ApiClient.healthy(state.managementUrl())).isTrue();
        assertThat(state.managementUrl()).as("actuator on its own port").isNotEqualTo(state.apiUrl());
        assertThat(ApiClient.healthy(state.apiUrl())).as("the API's port serves no actuator").isFalse();
        String key = anonymous.withKey(state.get("admin-key")).post("/api/v1/admin/teams", Map.of("name", "node-it"))
                .get("apiKey").asString();
        ApiClient team = anonymous.withKey(key);

        JsonNode space = team.get("/api/v1/search-spaces/fmnist-small");
        long budget = (space.get("minMacs").asLong() + space.get("maxMacs").asLong()) / 2;
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", 1);
        training.put("finalEpochs", 0);
        training.put("batchSize", 64);
        training.put("seed", 5);
        training.put("trainImages", 400);
        String id = team.post("/api/v1/jobs", Map.of("method", "UNIFORM", "searchSpace", "fmnist-small",
                "dataset", "fashion-mnist", "budget", Map.of("macs", budget), "training", training))
                .get("id").asString();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                team.get("/api/v1/jobs/" + id).get("status").asString().equals("SUCCEEDED"));
        JsonNode done = team.get("/api/v1/jobs/" + id);
        assertThat(done.get("result").get("macs").asLong()).isLessThanOrEqualTo(budget);

        await().atMost(Duration.ofMinutes(2)).until(() -> team.get("/api/v1/devices").size() == 1
                && team.get("/api/v1/devices").get(0).get("status").asString().equals("ONLINE"));
        String deviceId = team.get("/api/v1/devices").get(0).get("id").asString();

        CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1", state.port("broker-port"));
        broker.setUsername(state.get("broker-user"));
        broker.setPassword(state.get("broker-password"));
        try {
            RabbitTemplate rabbit = new RabbitTemplate(broker);
            Message poison = MessageBuilder.withBody("{not json".getBytes()).setContentType("application/json")
                    .build();
            rabbit.send("slimfit.jobs", "job.submitted", poison);
            Message dead = rabbit.receive("slimfit.jobs.dlq", Duration.ofSeconds(30).toMillis());
            assertThat(dead).as("the worker rejects it; Qpid routes it to the jobs dead-letter queue").isNotNull();
            assertThat(new String(dead.getBody())).isEqualTo("{not json");
        } finally {
            broker.destroy();
        }

        node.close();
        node = LocalNode.start(NodeState.open(stateDir));

        JsonNode again = team.get("/api/v1/jobs/" + id);
        assertThat(again.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(again.get("result").get("widths")).isEqualTo(done.get("result").get("widths"));
        await().atMost(Duration.ofMinutes(2)).until(() -> team.get("/api/v1/devices").get(0).get("status")
                .asString().equals("ONLINE"));
        assertThat(team.get("/api/v1/devices").size()).as("the agent kept its identity").isEqualTo(1);
        assertThat(team.get("/api/v1/devices").get(0).get("id").asString()).isEqualTo(deviceId);
    }
}
