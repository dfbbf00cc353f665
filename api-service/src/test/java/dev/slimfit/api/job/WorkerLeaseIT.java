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
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.api.support.QueueProbe;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.contract.MessagingNames;
import dev.slimfit.core.contract.WorkerEvent;
import dev.slimfit.core.contract.WorkerEventType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job leases for workers: claim, heartbeat with cancel, release, expiry, stale workers, outcomes, artifacts,
 * re-decode.
 */
class WorkerLeaseIT extends IntegrationTest {

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

    UUID submit() {
        key = newTeamKey();
        Response created = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":3000000}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    Response worker(String action, UUID job, String workerId) {
        return api.post("/api/v1/worker/jobs/" + job + "/" + action, WORKER_SECRET,
                "{\"workerId\":\"" + workerId + "\"}");
    }

    Response outcome(UUID job, JobOutcome outcome) {
        return api.post("/api/v1/worker/jobs/" + job + "/outcome", WORKER_SECRET, ApiClient.json(outcome));
    }

    String status(UUID job) {
        return api.get("/api/v1/jobs/" + job, key).json().get("status").asString();
    }

    void publish(WorkerEvent event) {
        rabbit.send(names().eventsExchange(), "job.event", MessageBuilder.withBody(json.writeValueAsBytes(event))
                .setContentType("application/json").build());
    }

    @Test
    void oneWorkerHoldsAJobAndLearnsOfItsCancelThroughTheHeartbeat() {
        UUID job = submit();
        Response claim = worker("claim", job, "w1");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        assertThat(claim.json().get("attempt").asInt()).isEqualTo(1);
        assertThat(claim.json().get("spec").get("method").asString()).isEqualTo("AOWS");
        assertThat(status(job)).isEqualTo("RUNNING");
        assertThat(worker("claim", job, "w2").status()).isEqualTo(409);
        assertThat(worker("claim", job, "w1").status()).as("a repeated claim by the holder").isEqualTo(200);
        assertThat(api.post("/api/v1/worker/jobs/" + job + "/claim", key, "{\"workerId\":\"w3\"}").status())
                .as("team keys cannot act as workers").isEqualTo(403);

        assertThat(worker("heartbeat", job, "w1").json().get("cancelRequested").asBoolean()).isFalse();
        assertThat(worker("heartbeat", job, "w2").status()).isEqualTo(409);
        api.post("/api/v1/jobs/" + job + "/cancel", key, null);
        Response beat = worker("heartbeat", job, "w1");
        assertThat(beat.json().get("cancelRequested").asBoolean()).isTrue();
        assertThat(beat.json().get("status").asString()).isEqualTo("CANCELLING");

        Response stopped = outcome(job, JobOutcome.cancelled("w1"));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(status(job)).isEqualTo("CANCELLED");
        assertThat(worker("heartbeat", job, "w1").status()).isEqualTo(409);
    }

    @Test
    void anExpiredLeaseRequeuesTheJobAndEventsFromTheOldWorkerAreDropped() {
        UUID job = submit();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(QueueProbe.messagesFor(rabbit, names().jobsQueue(), job)).hasSize(1));
        assertThat(worker("claim", job, "dead").status()).isEqualTo(200);

        // No heartbeats: the 3 s lease runs out and the sweeper queues the job again, with a new message.
        await().atMost(Duration.ofSeconds(20)).until(() -> status(job).equals("QUEUED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(QueueProbe.messagesFor(rabbit, names().jobsQueue(), job)).hasSize(2));

        Response second = worker("claim", job, "alive");
        assertThat(second.json().get("attempt").asInt()).isEqualTo(2);
        Response late = outcome(job, JobOutcome.succeeded("dead", result()));
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.json().get("type").asString()).endsWith("/lease-lost");
        // An old-style terminal event from the dead worker, through the broker, is dropped as well.
        publish(new WorkerEvent(UUID.randomUUID(), job, "dead", WorkerEventType.SUCCEEDED, Instant.now(), null,
                result(), null));
        WorkerEvent marker = new WorkerEvent(UUID.randomUUID(), job, "alive", WorkerEventType.CHECKPOINT,
                Instant.now(), null, null, null);
        publish(marker);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get("/api/v1/jobs/" + job + "/events", key).json().get("events"))
                        .extracting(e -> e.get("type").asString()).contains("CHECKPOINT"));
        assertThat(status(job)).as("the dead worker's result was not applied").isEqualTo("RUNNING");
        assertThat(api.get("/api/v1/jobs/" + job, key).json().get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aReleasedJobIsQueuedAgain() {
        UUID job = submit();
        worker("claim", job, "w1");
        Response released = worker("release", job, "w1");
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(worker("claim", job, "w2").json().get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void artifactsAreStoredAndDownloadableAndFinishedJobsReDecodeForNewBudgets() {
        UUID job = submit();
        worker("claim", job, "w1");
        byte[] weights = "pretend these are weights".getBytes(StandardCharsets.UTF_8);
        Response put = api.send("PUT", "/api/v1/worker/jobs/" + job + "/artifacts/weights.params", WORKER_SECRET,
                new String(weights, StandardCharsets.UTF_8), List.of("Content-Type", "application/octet-stream",
                        "X-Worker-Id", "w1"));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        assertThat(api.send("PUT", "/api/v1/worker/jobs/" + job + "/artifacts/x.bin", WORKER_SECRET, "x",
                List.of("Content-Type", "application/octet-stream", "X-Worker-Id", "intruder")).status())
                .isEqualTo(409);

        assertThat(outcome(job, JobOutcome.succeeded("w1", result())).status()).isEqualTo(200);
        assertThat(status(job)).isEqualTo("SUCCEEDED");

        Response list = api.get("/api/v1/jobs/" + job + "/artifacts", key);
        assertThat(list.json()).extracting(a -> a.get("name").asString()).containsExactly("weights.params");
        Response download = api.get("/api/v1/jobs/" + job + "/artifacts/weights.params", key);
        assertThat(download.body()).isEqualTo("pretend these are weights");
        // streamed off the request threads, with the headers a download needs
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("application/octet-stream");
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString("pretend these are weights".length()));
        assertThat(download.header("ETag")).startsWith("\"").hasSize(66);
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"weights.params\"");
        assertThat(api.get("/api/v1/jobs/" + job + "/artifacts/weights.params", newTeamKey()).status())
                .isEqualTo(404);

        JsonMapper mapper = json;
        long minMacs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("minMacs").asLong();
        long maxMacs = api.get("/api/v1/search-spaces/fmnist-small", key).json().get("maxMacs").asLong();
        for (long budget : List.of(minMacs * 2, (minMacs + maxMacs) / 2, maxMacs)) {
            Response decoded = api.post("/api/v1/jobs/" + job + "/decode", key,
                    "{\"budget\":{\"macs\":" + budget + "}}");
            assertThat(decoded.status()).as(decoded.body()).isEqualTo(200);
            assertThat(decoded.json().get("macs").asLong()).isLessThanOrEqualTo(budget);
            assertThat(decoded.json().get("widths").size()).isEqualTo(5);
        }
        Response infeasible = api.post("/api/v1/jobs/" + job + "/decode", key, "{\"budget\":{\"macs\":10}}");
        assertThat(infeasible.status()).isEqualTo(422);
        assertThat(infeasible.json().get("field").asString()).isEqualTo("budget.macs");
        assertThat(mapper).isNotNull();
    }

    /** A result whose unaries prefer wide layers, with one width never sampled (NaN). */
    private static JobResult result() {
        List<List<Double>> unaries = new java.util.ArrayList<>();
        for (int layer = 0; layer < 5; layer++) {
            List<Double> row = new java.util.ArrayList<>();
            for (int choice = 0; choice < 6; choice++) {
                row.add(layer == 2 && choice == 5 ? Double.NaN : 0.1 * choice);
            }
            unaries.add(row);
        }
        return new JobResult(List.of(8, 16, 24, 32, 40), 1_000_000L, 50_000L, null, null, 0.8, "cpu", unaries,
                List.of(), Map.of(), List.of("weights.params"));
    }
}
