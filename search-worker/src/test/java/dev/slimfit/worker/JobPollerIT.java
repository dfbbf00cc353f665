package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.web.client.RestClient;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;
import dev.slimfit.core.contract.MessagingNames;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.InvalidDatasetException;
import dev.slimfit.worker.search.SearchEngine;
import dev.slimfit.worker.search.SearchOutcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's poller and runner, without Spring and without DJL (a stub search engine), against a running API on
 * the real broker: a job goes from the queue through claim to an outcome reported over HTTP; an unreadable job
 * message is rejected into the jobs dead-letter queue.
 */
class JobPollerIT {

    static ApiTestServer server;
    static ApiClient api;
    static String key;
    static CachingConnectionFactory connections;
    static RabbitTemplate rabbit;
    static MessagingNames names;
    static JobPoller poller;

    /** Succeeds at once with the smallest widths, or refuses a folder dataset as the real loader would. */
    static final SearchEngine STUB = (request, listener) -> {
        if (request.dataset().startsWith("folder:")) {
            throw new InvalidDatasetException(Path.of(request.dataset().substring(7)), "no such folder");
        }
        SearchSpace space = request.space();
        int[] widths = space.smallest();
        return new SearchOutcome(widths, NetworkCost.macs(space, widths), NetworkCost.params(space, widths),
                NetworkCost.macs(space, widths), 0.5, "stub", null, List.of(), Map.of(), Map.of());
    };

    @BeforeAll
    static void start() throws Exception {
        server = ApiTestServer.start(Map.of());
        api = server.client();
        key = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"poller-" + UUID.randomUUID().toString().substring(0, 6) + "\"}").json()
                .get("apiKey").asString();
        connections = new CachingConnectionFactory(server.rabbitHost(), server.rabbitPort());
        connections.setUsername(ExternalServices.rabbitUser());
        connections.setPassword(ExternalServices.rabbitPassword());
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        rabbit = new RabbitTemplate(connections);

        Path checkpoints = Files.createTempDirectory("slimfit-poller");
        WorkerProperties properties = new WorkerProperties(URI.create(server.url()),
                ApiTestServer.WORKER_SECRET, "poller-worker", checkpoints, Duration.ofSeconds(1),
                Duration.ofMillis(200), server.messagingPrefix(), true, WorkerProperties.LatencyChecks.defaults());
        names = properties.names();
        WorkerIdentity identity = new WorkerIdentity(properties);
        JsonMapper json = JsonMapper.builder().build();
        JobRunner runner = new JobRunner(new JobsApi(RestClient.builder(), properties, identity),
                new EventPublisher(rabbit, json, properties, identity), STUB, properties);
        poller = new JobPoller(rabbit, runner, properties, json);
        poller.start();
    }

    @AfterAll
    static void stop() {
        if (poller != null) {
            poller.stop();
        }
        if (connections != null) {
            connections.destroy();
        }
        if (server != null) {
            server.close();
        }
    }

    static String submit(String dataset) {
        long macs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("maxMacs").asLong();
        ApiClient.Response created = api.post("/api/v1/jobs", key, """
                {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"%s","budget":{"macs":%d}}"""
                .formatted(dataset, macs));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static JsonNode job(String id) {
        return api.get("/api/v1/jobs/" + id, key).json();
    }

    static List<String> eventTypes(String id) {
        List<String> types = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/events", key).json().get("events")
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void aQueuedJobRunsThroughClaimAndItsOutcomeIsReportedOverHttp() {
        String id = submit("fashion-mnist");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).get("status").asString().equals("SUCCEEDED"));
        JsonNode result = job(id).get("result");
        List<Integer> widths = new ArrayList<>();
        result.get("widths").forEach(w -> widths.add(w.asInt()));
        SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
        assertThat(widths).isEqualTo(Arrays.stream(space.smallest()).boxed().toList());
        assertThat(result.get("backend").asString()).isEqualTo("stub");
        assertThat(eventTypes(id)).containsExactly("SUBMITTED", "STARTED", "SUCCEEDED");
        assertThat(job(id).get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aRunThatFailsReportsItsTypedFailure() {
        String id = submit("folder:/no/such/images");
        await().atMost(Duration.ofSeconds(30)).until(() -> job(id).get("status").asString().equals("FAILED"));
        assertThat(job(id).get("failure").get("type").asString()).isEqualTo("BAD_DATASET");
        assertThat(job(id).get("failure").get("message").asString()).contains("no such folder");
    }

    @Test
    void anUnreadableJobMessageIsDeadLettered() {
        String marker = "not a job message " + UUID.randomUUID();
        Message message = MessageBuilder.withBody(marker.getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json").build();
        rabbit.send(names.jobsExchange(), names.jobsRoutingKey(), message);
        // A message without a job id is just as unreadable.
        rabbit.send(names.jobsExchange(), names.jobsRoutingKey(), MessageBuilder
                .withBody("{\"teamId\":\"x\"}".getBytes(StandardCharsets.UTF_8)).build());

        List<String> dead = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Message letter = rabbit.receive(names.jobsDeadLetterQueue(), 500);
            if (letter != null) {
                dead.add(new String(letter.getBody(), StandardCharsets.UTF_8));
            }
            assertThat(dead).contains(marker, "{\"teamId\":\"x\"}");
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(rabbit.<Long>execute(channel -> channel.messageCount(names.jobsQueue()))).isZero());
    }
}
