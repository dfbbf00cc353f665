package dev.slimfit.api.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiProcess;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;

/**
 * The API killed with SIGKILL in the middle of a stream of submissions (its own process, real PostgreSQL and
 * RabbitMQ): every job a client was told about (201) exists after a restart, and a client that retries every
 * submission it is unsure of with the same Idempotency-Key gets one job per key, never a duplicate; every job's
 * message reaches the outbox.
 */
class ApiCrashIT {

    private static final String JOB = """
            {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}""";

    @Test
    void everyAcknowledgedJobSurvivesAKillAndRetriesCreateNoDuplicates() throws Exception {
        Map<String, Object> props = new HashMap<>(ApiTestServer.serviceProperties());
        String database = ExternalServices.useDocker() ? String.valueOf(props.get("spring.datasource.url"))
                : ExternalServices.newLocalDatabaseUrl();
        props.put("spring.datasource.url", database);
        props.put("slimfit.messaging.prefix", "slimfit-crash-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("slimfit.messaging.queue-expires", "10m");
        props.put("slimfit.api.rate-limit.team-submits.burst", 100000);
        props.put("slimfit.api.rate-limit.team-requests.burst", 100000);

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> keys = java.util.Collections.synchronizedList(new ArrayList<>());
        String teamKey;
        try (ApiProcess first = ApiProcess.start("api-crash-1", props, Duration.ofMinutes(2))) {
            ApiClient api = first.client();
            teamKey = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY, "{\"name\":\"crash-team\"}").json()
                    .get("apiKey").asString();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            String key = teamKey;
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        String idempotencyKey = UUID.randomUUID().toString();
                        keys.add(idempotencyKey);
                        try {
                            ApiClient.Response r = api.post("/api/v1/jobs", key, JOB, "Idempotency-Key",
                                    idempotencyKey);
                            if (r.status() == 201 || r.status() == 200) {
                                acknowledged.put(idempotencyKey, r.json().get("id").asString());
                            }
                        } catch (RuntimeException connectionLost) {
                            // the API died under this request: the client does not know whether it was created
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (acknowledged.size() < 150 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.kill();
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged.size()).as("submissions answered before the kill").isGreaterThanOrEqualTo(50);

        try (ApiProcess second = ApiProcess.start("api-crash-2", props, Duration.ofMinutes(2))) {
            ApiClient api = second.client();
            // The client retries everything it sent, acknowledged or not, with the same keys.
            List<String> sent = new ArrayList<>(keys);
            int created = 0;
            for (String idempotencyKey : sent) {
                ApiClient.Response r = api.post("/api/v1/jobs", teamKey, JOB, "Idempotency-Key", idempotencyKey);
                assertThat(r.status()).as(r.body()).isIn(200, 201);
                String id = r.json().get("id").asString();
                if (acknowledged.containsKey(idempotencyKey)) {
                    assertThat(r.status()).as("an acknowledged job is replayed, not created again").isEqualTo(200);
                    assertThat(id).isEqualTo(acknowledged.get(idempotencyKey));
                } else if (r.status() == 201) {
                    created++;
                }
            }
            DriverManagerDataSource source = new DriverManagerDataSource(database,
                    String.valueOf(props.get("spring.datasource.username")),
                    String.valueOf(props.get("spring.datasource.password")));
            JdbcClient jdbc = JdbcClient.create(source);
            long jobs = jdbc.sql("SELECT count(*) FROM jobs").query(Long.class).single();
            long distinctKeys = jdbc.sql("SELECT count(DISTINCT idempotency_key) FROM jobs").query(Long.class).single();
            assertThat(jobs).as("one job per key, whatever the kill interrupted").isEqualTo(sent.size())
                    .isEqualTo(distinctKeys);
            long withoutMessage = jdbc.sql("""
                    SELECT count(*) FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.aggregate_id = j.id)""")
                    .query(Long.class).single();
            assertThat(withoutMessage).as("every job's message is in the outbox").isZero();
            System.out.printf("ApiCrashIT: %d submissions sent, %d acknowledged before the kill, %d created only on "
                    + "retry (in flight when the API died)%n", sent.size(), acknowledged.size(), created);
        }
    }
}
