package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.api.support.QueueProbe;
import dev.slimfit.core.contract.MessagingNames;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobApiIT extends IntegrationTest {

    static final String MAC_JOB = """
            {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
             "budget":{"macs":%d},"training":{"epochs":3,"batchSize":32,"seed":7},"priority":6}""";

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    MessagingProperties messaging;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    MessagingNames names() {
        return messaging.names();
    }

    long feasibleMacs() {
        Response space = api.get("/api/v1/search-spaces/fmnist-small", newTeamKey());
        return (space.json().get("minMacs").asLong() + space.json().get("maxMacs").asLong()) / 2;
    }

    @Test
    void submittedJobIsStoredAndItsMessageReachesTheQueue() {
        String key = newTeamKey();
        Response created = api.post("/api/v1/jobs", key, MAC_JOB.formatted(feasibleMacs()));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        assertThat(created.location()).endsWith("/api/v1/jobs/" + id);
        assertThat(created.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(created.json().get("training").get("finalEpochs").asInt())
                .isEqualTo(JobSpecValidator.DEFAULT_FINAL_EPOCHS);

        String stored = jdbc.sql("SELECT status FROM jobs WHERE id = :id").param("id", id).query(String.class)
                .single();
        assertThat(stored).isEqualTo("QUEUED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(QueueProbe.messagesFor(rabbit, names().jobsQueue(), id)).hasSize(1));
        Message message = QueueProbe.messagesFor(rabbit, names().jobsQueue(), id).get(0);
        JsonNode body = json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
        assertThat(body.get("jobId").asString()).isEqualTo(id.toString());
        assertThat(body.has("spec")).as("workers read the spec from their claim, not the message").isFalse();
        assertThat(message.getMessageProperties().getPriority()).isEqualTo(6);

        Response fetched = api.get("/api/v1/jobs/" + id, key);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("budget").get("macs").asLong()).isPositive();
    }

    @Test
    void retryWithTheSameIdempotencyKeyReturnsTheSameJobAndADifferentBodyConflicts() {
        String key = newTeamKey();
        long macs = feasibleMacs();
        Response first = api.post("/api/v1/jobs", key, MAC_JOB.formatted(macs), "Idempotency-Key", "abc-1");
        Response retry = api.post("/api/v1/jobs", key, MAC_JOB.formatted(macs), "Idempotency-Key", "abc-1");
        Response different = api.post("/api/v1/jobs", key, MAC_JOB.formatted(macs + 1), "Idempotency-Key", "abc-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(different.json().get("type").asString()).endsWith("/idempotency-key-reused");

        UUID id = UUID.fromString(first.json().get("id").asString());
        // The replay maps the stored entity, GET /jobs/{id} and the list read the row over JDBC (JobReads):
        // all three must show the same job, field for field.
        Response fetched = api.get("/api/v1/jobs/" + id, key);
        assertThat(fetched.json()).isEqualTo(retry.json());
        assertThat(api.get("/api/v1/jobs?size=1", key).json().get("items").get(0)).isEqualTo(retry.json());
        Long rows = jdbc.sql("SELECT count(*) FROM jobs WHERE idempotency_key = 'abc-1' AND id = :id")
                .param("id", id).query(Long.class).single();
        assertThat(rows).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(QueueProbe.messagesFor(rabbit, names().jobsQueue(), id)).hasSize(1));
    }

    @Test
    void anotherTeamSeesNoneOfTheJob() {
        String owner = newTeamKey();
        String stranger = newTeamKey();
        String id = api.post("/api/v1/jobs", owner, MAC_JOB.formatted(feasibleMacs())).json().get("id").asString();

        for (Response r : List.of(api.get("/api/v1/jobs/" + id, stranger),
                api.post("/api/v1/jobs/" + id + "/cancel", stranger, null),
                api.get("/api/v1/jobs/" + id + "/events", stranger))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/v1/jobs", stranger).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/jobs/" + id, owner).status()).isEqualTo(200);
    }

    @Test
    void requestsWithoutAValidKeyAre401AndTheAdminKeyCannotSubmit() {
        assertThat(api.get("/api/v1/jobs", null).status()).isEqualTo(401);
        Response wrong = api.get("/api/v1/jobs", "sf_not-a-real-key");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/jobs", ADMIN_KEY).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/admin/teams", newTeamKey(), "{\"name\":\"sneaky\"}").status()).isEqualTo(403);
    }

    @Test
    void revokedKeyStopsWorking() {
        Response team = api.post("/api/v1/admin/teams", ADMIN_KEY,
                "{\"name\":\"revoke-" + UUID.randomUUID().toString().substring(0, 6) + "\"}");
        String key = team.json().get("apiKey").asString();
        assertThat(api.get("/api/v1/jobs", key).status()).isEqualTo(200);

        Response revoked = api.delete("/api/v1/admin/teams/" + team.json().get("teamId").asString() + "/keys/"
                + team.json().get("keyId").asString(), ADMIN_KEY);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/jobs", key).status()).isEqualTo(401);
    }

    @Test
    void cancelIsIdempotentAndRecordedInTheEventStream() {
        String key = newTeamKey();
        String id = api.post("/api/v1/jobs", key, MAC_JOB.formatted(feasibleMacs())).json().get("id").asString();

        Response first = api.post("/api/v1/jobs/" + id + "/cancel", key, null);
        Response again = api.post("/api/v1/jobs/" + id + "/cancel", key, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("CANCELLED");

        Response events = api.get("/api/v1/jobs/" + id + "/events?after=0", key);
        assertThat(events.json().get("events")).extracting(e -> e.get("type").asString())
                .containsExactly("SUBMITTED", "CANCEL_REQUESTED");
        Response rest = api.get("/api/v1/jobs/" + id + "/events?after=1", key);
        assertThat(rest.json().get("events")).hasSize(1);
        assertThat(rest.json().get("events").get(0).get("seq").asLong()).isEqualTo(2);
        assertThat(rest.json().get("more").asBoolean()).isFalse();
    }

    @Test
    void listingIsNewestFirstPagedAndFilteredByStatus() {
        String key = newTeamKey();
        long macs = feasibleMacs();
        String first = api.post("/api/v1/jobs", key, MAC_JOB.formatted(macs)).json().get("id").asString();
        String second = api.post("/api/v1/jobs", key, MAC_JOB.formatted(macs)).json().get("id").asString();
        String third = api.post("/api/v1/jobs", key, MAC_JOB.formatted(macs)).json().get("id").asString();
        api.post("/api/v1/jobs/" + second + "/cancel", key, null);

        Response page = api.get("/api/v1/jobs?size=2", key);
        assertThat(page.json().get("items")).extracting(j -> j.get("id").asString()).containsExactly(third, second);
        assertThat(page.json().get("hasMore").asBoolean()).isTrue();
        assertThat(page.json().has("totalItems")).as("no count without the deprecated page parameter").isFalse();
        Response next = api.get("/api/v1/jobs?size=2&cursor=" + page.json().get("nextCursor").asString(), key);
        assertThat(next.json().get("items")).extracting(j -> j.get("id").asString()).containsExactly(first);
        assertThat(next.json().get("hasMore").asBoolean()).isFalse();
        Response cancelled = api.get("/api/v1/jobs?status=CANCELLED", key);
        assertThat(cancelled.json().get("items")).extracting(j -> j.get("id").asString()).containsExactly(second);
    }

    @Test
    void latencyBudgetWaitsForALatencyTableAndIsNotQueued() {
        String key = newTeamKey();
        RegisteredDevice device = newDevice();
        Response created = api.post("/api/v1/jobs", key, """
                {"method":"OWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"latencyMs":2.5,"deviceId":"%s"}}""".formatted(device.id()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Response tables = api.get("/api/v1/devices/" + device.id() + "/latency-tables", key);
        assertThat(tables.json()).hasSize(1);
        assertThat(tables.json().get(0).get("status").asString()).isEqualTo("PROFILING");
        assertThat(tables.json().get(0).get("searchSpace").asString()).isEqualTo("fmnist-small");
        assertThat(created.json().get("status").asString()).isEqualTo("WAITING_FOR_LATENCY");
        Long outboxRows = jdbc.sql("SELECT count(*) FROM outbox WHERE aggregate_id = :id")
                .param("id", UUID.fromString(created.json().get("id").asString())).query(Long.class).single();
        assertThat(outboxRows).isZero();
    }

    @Test
    void searchSpacesAreListedWithLayersAndMacRange() {
        String key = newTeamKey();
        Response list = api.get("/api/v1/search-spaces", key);
        assertThat(list.json()).extracting(s -> s.get("name").asString())
                .contains("mobilenet-v1-224", "fmnist-small");
        Response mobilenet = api.get("/api/v1/search-spaces/mobilenet-v1-224", key);
        assertThat(mobilenet.json().get("layers")).hasSize(14);
        assertThat(mobilenet.json().get("layers").get(0).get("widthChoices")).extracting(JsonNode::asInt)
                .containsExactly(8, 16, 24, 32, 40, 48);
        assertThat(mobilenet.json().get("minMacs").asLong()).isLessThan(mobilenet.json().get("maxMacs").asLong());
        Response missing = api.get("/api/v1/search-spaces/resnet-9000", key);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }
}
