package dev.slimfit.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import dev.slimfit.api.messaging.MessagingProperties;
import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ExternalServices;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.api.support.QueueProbe;
import dev.slimfit.api.support.TcpProxy;
import dev.slimfit.core.contract.MessagingNames;

/**
 * The application reaches the real broker through a proxy that the test cuts: jobs submitted while the broker is
 * unreachable are accepted, kept in the outbox, and published exactly once when it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimfit.api.admin-key=" + IntegrationTest.ADMIN_KEY,
        "slimfit.api.outbox-poll-interval=100ms",
        "slimfit.api.publish-confirm-timeout=2s",
        "slimfit.messaging.queue-expires=10m",
        "spring.rabbitmq.connection-timeout=1s"
})
class BrokerOutageIT {

    static final String PREFIX = "slimfit-outage-" + UUID.randomUUID().toString().substring(0, 8);
    static PostgreSQLContainer postgres;
    static RabbitMQContainer rabbitContainer;
    static TcpProxy proxy;
    static String rabbitHost;
    static int rabbitPort;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        if (ExternalServices.useDocker()) {
            postgres = new PostgreSQLContainer("postgres:16-alpine");
            rabbitContainer = new RabbitMQContainer("rabbitmq:4-management-alpine");
            postgres.start();
            rabbitContainer.start();
            registry.add("spring.datasource.url", postgres::getJdbcUrl);
            registry.add("spring.datasource.username", postgres::getUsername);
            registry.add("spring.datasource.password", postgres::getPassword);
            rabbitHost = rabbitContainer.getHost();
            rabbitPort = rabbitContainer.getAmqpPort();
        } else {
            ExternalServices.requireLocalRabbit();
            // Its own database: another cached context's relay, with a live broker, must not publish its rows.
            String url = ExternalServices.newLocalDatabaseUrl();
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", ExternalServices::pgUser);
            registry.add("spring.datasource.password", ExternalServices::pgPassword);
            rabbitHost = ExternalServices.rabbitHost();
            rabbitPort = ExternalServices.rabbitPort();
        }
        proxy = new TcpProxy(rabbitHost, rabbitPort);
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", proxy::port);
        registry.add("spring.rabbitmq.username", ExternalServices::rabbitUser);
        registry.add("spring.rabbitmq.password", ExternalServices::rabbitPassword);
        registry.add("slimfit.messaging.prefix", () -> PREFIX);
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        if (postgres != null) {
            postgres.stop();
            rabbitContainer.stop();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MessagingProperties messaging;

    MessagingNames names() {
        return messaging.names();
    }

    @Test
    void jobsAcceptedDuringAnOutageArePublishedOnceWhenTheBrokerReturns() throws IOException {
        ApiClient api = new ApiClient(port);
        String key = api.post("/api/v1/admin/teams", IntegrationTest.ADMIN_KEY,
                "{\"name\":\"outage-" + UUID.randomUUID().toString().substring(0, 6) + "\"}").json()
                .get("apiKey").asString();
        // A direct connection for the test's own reads, not through the proxy.
        CachingConnectionFactory direct = new CachingConnectionFactory(rabbitHost, rabbitPort);
        direct.setUsername(ExternalServices.rabbitUser());
        direct.setPassword(ExternalServices.rabbitPassword());
        RabbitTemplate reader = new RabbitTemplate(direct);
        try {
            proxy.cut();
            ApiClient.Response created = api.post("/api/v1/jobs", key, """
                    {"method":"OWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                     "budget":{"params":1000000}}""", "Idempotency-Key", "outage-1");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            UUID id = UUID.fromString(created.json().get("id").asString());

            // The relay keeps trying and failing; the message waits in the outbox.
            await().atMost(Duration.ofSeconds(20)).until(() -> attempts(id) >= 2);
            assertThat(published(id)).isFalse();
            assertThat(QueueProbe.messagesFor(reader, names().jobsQueue(), id)).isEmpty();

            // A retry during the outage neither duplicates the job nor the message.
            assertThat(api.post("/api/v1/jobs", key, """
                    {"method":"OWS","searchSpace":"fmnist-small","dataset":"fashion-mnist",
                     "budget":{"params":1000000}}""", "Idempotency-Key", "outage-1").status()).isEqualTo(200);

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(QueueProbe.messagesFor(reader, names().jobsQueue(), id)).hasSize(1));
            assertThat(published(id)).isTrue();
            // Several more relay passes later there is still exactly one.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(QueueProbe.messagesFor(reader, names().jobsQueue(), id)).hasSize(1));
        } finally {
            proxy.restore();
            direct.destroy();
        }
    }

    private int attempts(UUID id) {
        return jdbc.sql("SELECT attempts FROM outbox WHERE aggregate_id = :id").param("id", id)
                .query(Integer.class).single();
    }

    private boolean published(UUID id) {
        return jdbc.sql("SELECT published_at IS NOT NULL FROM outbox WHERE aggregate_id = :id").param("id", id)
                .query(Boolean.class).single();
    }
}
