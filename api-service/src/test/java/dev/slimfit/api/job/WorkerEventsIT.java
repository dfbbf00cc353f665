package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.MessagingNames;
import dev.slimfit.core.contract.WorkerEvent;
import dev.slimfit.core.contract.WorkerEventType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Worker events travel through the real broker and move jobs only where the state machine allows. */
class WorkerEventsIT extends IntegrationTest {

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    MessagingProperties messaging;
    @Autowired
    JsonMapper json;

    MessagingNames names() {
        return messaging.names();
    }

    String key;

    String submit() {
        key = newTeamKey();
        Response created = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                 "budget":{"params":1000000}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    WorkerEvent event(String jobId, WorkerEventType type) {
        JobProgress progress = type == WorkerEventType.PROGRESS ? new JobProgress(1, 10, 100,
                Map.of("max", 1.2), 850.0, 42.0, List.of(8, 16, 24), 1.5e6, "supernet", 10, 80, 30.0) : null;
        JobResult result = type == WorkerEventType.SUCCEEDED ? new JobResult(List.of(8, 16, 24), 1_500_000L,
                90_000L, null, null, 0.87, "cpu", List.of(List.of(0.1, Double.NaN)), List.of(), Map.of("loss", 0.4),
                List.of("architecture.json")) : null;
        JobFailure failure = type == WorkerEventType.FAILED ? new JobFailure(FailureType.BAD_DATASET,
                "no images") : null;
        return new WorkerEvent(UUID.randomUUID(), UUID.fromString(jobId), "worker-1", type, Instant.now(),
                progress, result, failure);
    }

    void publish(WorkerEvent event) {
        publishRaw(json.writeValueAsBytes(event));
    }

    void publishRaw(byte[] body) {
        Message message = MessageBuilder.withBody(body).setContentType("application/json").build();
        rabbit.send(names().eventsExchange(), "job.event", message);
    }

    String status(String jobId) {
        return api.get("/api/v1/jobs/" + jobId, key).json().get("status").asString();
    }

    @Test
    void workerEventsDriveTheJobToSuccessAndARedeliveryIsAppliedOnce() {
        String id = submit();
        publish(event(id, WorkerEventType.STARTED));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("RUNNING"));

        WorkerEvent progress = event(id, WorkerEventType.PROGRESS);
        publish(progress);
        publish(progress); // the broker may deliver twice
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get("/api/v1/jobs/" + id, key).json().get("progress").get("step").asLong())
                        .isEqualTo(10));

        publish(event(id, WorkerEventType.SUCCEEDED));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("SUCCEEDED"));
        Response job = api.get("/api/v1/jobs/" + id, key);
        assertThat(job.json().get("result").get("testAccuracy").asDouble()).isEqualTo(0.87);
        assertThat(job.json().get("finishedAt").isNull()).isFalse();

        Response events = api.get("/api/v1/jobs/" + id + "/events", key);
        assertThat(events.json().get("events")).extracting(e -> e.get("type").asString())
                .containsExactly("SUBMITTED", "STARTED", "PROGRESS", "SUCCEEDED");
    }

    @Test
    void anEventAfterAGapSaysHowManyWereLost() {
        String id = submit();
        publish(event(id, WorkerEventType.STARTED));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("RUNNING"));
        WorkerEvent plain = event(id, WorkerEventType.PROGRESS);
        WorkerEvent afterGap = new WorkerEvent(plain.eventId(), plain.jobId(), plain.workerId(), plain.type(),
                plain.occurredAt(), plain.progress(), null, null, 3);
        publish(afterGap);
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/jobs/" + id + "/events", key).json()
                .get("events").size() == 3);
        JsonNode progress = api.get("/api/v1/jobs/" + id + "/events", key).json().get("events").get(2);
        assertThat(progress.get("type").asString()).isEqualTo("PROGRESS");
        assertThat(progress.get("payload").get("droppedBefore").asInt()).isEqualTo(3);
    }

    @Test
    void anEventForACancelledJobDoesNotResurrectIt() {
        String id = submit();
        publish(event(id, WorkerEventType.STARTED));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("RUNNING"));

        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", key, null).json().get("status").asString())
                .isEqualTo("CANCELLING");
        publish(event(id, WorkerEventType.CANCELLED));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("CANCELLED"));

        // Late events from the worker: none may move the job out of CANCELLED.
        publish(event(id, WorkerEventType.PROGRESS));
        publish(event(id, WorkerEventType.STARTED));
        publish(event(id, WorkerEventType.SUCCEEDED));
        String ownerKey = key;
        WorkerEvent marker = event(submit(), WorkerEventType.STARTED); // processed after the late ones
        publish(marker);
        await().atMost(Duration.ofSeconds(15)).until(() -> status(marker.jobId().toString()).equals("RUNNING"));

        assertThat(api.get("/api/v1/jobs/" + id, ownerKey).json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(api.get("/api/v1/jobs/" + id, ownerKey).json().get("result").isNull()).isTrue();
        assertThat(api.post("/api/v1/jobs/" + id + "/cancel", ownerKey, null).status()).isEqualTo(200);
    }

    @Test
    void aFinishedJobCannotBeCancelled() {
        String id = submit();
        publish(event(id, WorkerEventType.STARTED));
        publish(event(id, WorkerEventType.FAILED));
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("FAILED"));
        Response job = api.get("/api/v1/jobs/" + id, key);
        assertThat(job.json().get("failure").get("type").asString()).isEqualTo("BAD_DATASET");

        Response cancel = api.post("/api/v1/jobs/" + id + "/cancel", key, null);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().get("type").asString()).endsWith("/job-finished");
        assertThat(status(id)).isEqualTo("FAILED");
    }

    @Test
    void unreadableEventsAreDeadLettered() {
        String marker = "not json " + UUID.randomUUID();
        publishRaw(marker.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Message dead = rabbit.receive(names().eventsDeadLetterQueue(), 500);
            assertThat(dead).isNotNull();
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo(marker);
        });
    }
}
