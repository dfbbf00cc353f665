package dev.slimfit.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;

/**
 * The requeue sweep re-sends a message only for jobs whose message is gone. Jobs that wait in a backlog far longer
 * than {@code requeue-after} keep their one message; when a worker takes messages and dies before claiming, just
 * those jobs get a new one, and the queue holds one message per waiting job again.
 */
class RequeueSweepIT {

    static final String JOB = """
            {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}""";

    static ApiTestServer server;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                "slimfit.api.requeue-after", "1s",
                "slimfit.api.requeue-check-millis", "300",
                "slimfit.api.outbox-poll-interval", "100ms"));
        if (!ExternalServices.useDocker()) {
            // Its own database: the sweep counts every QUEUED job, so other tests' jobs must not be among them.
            props.put("spring.datasource.url", ExternalServices.newLocalDatabaseUrl());
        }
        server = ApiTestServer.start(props);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBacklogKeepsOneMessagePerJobAndOnlyMessagesTakenWithoutAClaimAreSentAgain() {
        ApiClient api = server.client();
        String key = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"requeue-" + UUID.randomUUID().toString().substring(0, 8) + "\"}").json()
                .get("apiKey").asString();
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response created = api.post("/api/v1/jobs", key, JOB);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            jobs.add(UUID.fromString(created.json().get("id").asString()));
        }
        String queue = server.bean(MessagingProperties.class).names().jobsQueue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(depth(queue)).isEqualTo(5));

        // No worker takes them: every job is QUEUED far longer than requeue-after, and its message still waits.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(depth(queue)).isEqualTo(5);
            jobs.forEach(job -> assertThat(outboxRows(job)).isEqualTo(1));
        });

        // A worker takes two messages and dies before it could claim either job.
        RabbitTemplate rabbit = server.bean(RabbitTemplate.class);
        Set<UUID> taken = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Message message = rabbit.receive(queue, 5_000);
            assertThat(message).isNotNull();
            taken.add(UUID.fromString(message.getMessageProperties().getHeaders().get("x-aggregate-id").toString()));
        }
        assertThat(taken).hasSize(2).isSubsetOf(jobs);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(depth(queue)).isEqualTo(5);
            jobs.forEach(job -> assertThat(outboxRows(job)).isEqualTo(taken.contains(job) ? 2 : 1));
        });
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(depth(queue)).isEqualTo(5));
    }

    private static long depth(String queue) {
        return server.bean(AmqpAdmin.class).getQueueInfo(queue).getMessageCount();
    }

    private static int outboxRows(UUID job) {
        return server.bean(JdbcClient.class).sql("SELECT count(*) FROM outbox WHERE aggregate_id = :id")
                .param("id", job).query(Integer.class).single();
    }
}
