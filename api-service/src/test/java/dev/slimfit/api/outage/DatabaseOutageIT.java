package dev.slimfit.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.ApiTestServer;
import dev.slimfit.api.support.ExternalServices;
import dev.slimfit.api.support.TcpProxy;

/**
 * The API reaches a real PostgreSQL through a proxy that the test cuts, as a database that stopped or became
 * unreachable: every caller gets a 503 problem with {@code Retry-After} (never a 500), health says DOWN, and
 * once the database is back the same server answers again without a restart. A job whose worker kept running
 * through an outage longer than its lease is not requeued: its lease gets a grace period to be renewed in.
 */
class DatabaseOutageIT {

    static final String JOB = """
            {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}""";

    static PostgreSQLContainer postgres;
    static TcpProxy proxy;
    static ApiTestServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws IOException {
        String url;
        if (ExternalServices.useDocker()) {
            postgres = new PostgreSQLContainer("postgres:16-alpine");
            postgres.start();
            proxy = new TcpProxy(postgres.getHost(), postgres.getFirstMappedPort());
            url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + postgres.getDatabaseName();
        } else {
            // A database of its own: the throwaway server's sweeps must not touch other tests' jobs.
            String direct = ExternalServices.newLocalDatabaseUrl();
            proxy = new TcpProxy(ExternalServices.pgHost(), ExternalServices.pgPort());
            url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.substring(direct.lastIndexOf('/'));
        }
        server = ApiTestServer.start(Map.ofEntries(
                Map.entry("spring.datasource.url", url),
                Map.entry("spring.datasource.username",
                        postgres == null ? ExternalServices.pgUser() : postgres.getUsername()),
                Map.entry("spring.datasource.password",
                        postgres == null ? ExternalServices.pgPassword() : postgres.getPassword()),
                Map.entry("spring.datasource.hikari.connection-timeout", "1000"),
                Map.entry("spring.datasource.hikari.validation-timeout", "500"),
                Map.entry("slimfit.api.job-lease", "4s"),
                Map.entry("slimfit.api.sweep-millis", "200"),
                Map.entry("slimfit.api.outbox-poll-interval", "100ms"),
                Map.entry("slimfit.api.outage.retry-after", "7s"),
                Map.entry("slimfit.api.outage.detect-after", "2s"),
                Map.entry("slimfit.api.outage.lease-grace", "8s")));
        api = server.client();
    }

    @AfterEach
    void reconnect() throws IOException {
        proxy.restore();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        proxy.close();
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void whileTheDatabaseIsUnreachableEveryCallerGets503ProblemWithRetryAfterAndHealthIsDown() throws IOException {
        String key = teamKey();
        UUID job = submit(key);

        proxy.cut();
        List<Response> answers = List.of(
                api.get("/api/v1/jobs", key),                      // the key itself is looked up in the database
                api.get("/api/v1/jobs/" + job, key),
                api.post("/api/v1/jobs", key, JOB, "Idempotency-Key", "outage-" + UUID.randomUUID()),
                worker("claim", job, "w-outage"),                  // the worker secret needs no lookup
                api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY, "{\"name\":\"during-outage\"}"));
        for (Response r : answers) {
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isEqualTo("https://slimfit.dev/problems/database-unavailable");
            assertThat(r.header("Retry-After")).isEqualTo("7");
        }
        Response health = new ApiClient(server.managementPort()).get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asString()).isEqualTo("DOWN");

        proxy.restore();
        // The same server, no restart: the pool reconnects on its own.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/v1/jobs/" + job, key).status()).isEqualTo(200));
        assertThat(new ApiClient(server.managementPort()).get("/actuator/health", null).json().get("status").asString()).isEqualTo("UP");
        Response after = api.post("/api/v1/jobs", key, JOB);
        assertThat(after.status()).as(after.body()).isEqualTo(201);
    }

    @Test
    void aWorkerThatRanThroughAnOutageLongerThanItsLeaseKeepsItsJob() throws IOException {
        String key = teamKey();
        UUID job = submit(key);
        Response claim = worker("claim", job, "w-steady");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        Instant leaseEnd = Instant.parse(claim.json().get("leaseExpiresAt").asString());

        proxy.cut();
        // The worker keeps training and keeps trying to heartbeat; every try is refused with a 503.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(worker("heartbeat", job, "w-steady").status()).isEqualTo(503);
            return Instant.now().isAfter(leaseEnd.plusSeconds(2));
        });
        Instant back = Instant.now();
        proxy.restore();

        JdbcClient jdbc = server.bean(JdbcClient.class);
        // Wait for a lease sweep after the outage: it is the one that would have requeued the job.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> jdbc
                .sql("SELECT last_run_at > :back FROM sweep_runs WHERE name = 'job-leases'")
                .param("back", java.sql.Timestamp.from(back)).query(Boolean.class).single());
        Response state = api.get("/api/v1/jobs/" + job, key);
        assertThat(state.json().get("status").asString()).as("not requeued after the outage").isEqualTo("RUNNING");
        assertThat(state.json().get("attempt").asInt()).isEqualTo(1);
        Response beat = worker("heartbeat", job, "w-steady");
        assertThat(beat.status()).as(beat.body()).isEqualTo(200);
        assertThat(eventTypes(key, job)).doesNotContain("LEASE_EXPIRED");

        // The grace is no amnesty: a worker that then stays silent loses the job like any dead one.
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(api.get("/api/v1/jobs/" + job, key).json().get("status").asString()).isEqualTo("QUEUED"));
        assertThat(eventTypes(key, job)).contains("LEASE_EXPIRED");
    }

    private static List<String> eventTypes(String key, UUID job) {
        List<String> types = new java.util.ArrayList<>();
        api.get("/api/v1/jobs/" + job + "/events?after=0", key).json().get("events")
                .forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    private static String teamKey() {
        Response created = api.post("/api/v1/admin/teams", ApiTestServer.ADMIN_KEY,
                "{\"name\":\"outage-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asString();
    }

    private static UUID submit(String key) {
        Response created = api.post("/api/v1/jobs", key, JOB);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    private static Response worker(String action, UUID job, String workerId) {
        return api.post("/api/v1/worker/jobs/" + job + "/" + action, ApiTestServer.WORKER_SECRET,
                "{\"workerId\":\"" + workerId + "\"}");
    }
}
