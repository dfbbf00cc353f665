package dev.slimfit.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API integration tests: the whole application on a random port against real PostgreSQL and RabbitMQ
 * ({@link ServicesConfiguration}), with this JVM's own broker names and a known admin key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "slimfit.api.admin-key=" + IntegrationTest.ADMIN_KEY,
        "slimfit.api.enrollment-secret=" + IntegrationTest.ENROLLMENT_SECRET,
        "slimfit.api.worker-secret=" + IntegrationTest.WORKER_SECRET,
        "slimfit.api.job-lease=3s",
        "slimfit.api.profiling-lease=3s",
        "slimfit.api.profiling-task-size=10",
        // Enough for the planted simulated device to pass the latency quality gate on every seed (30 did not).
        "slimfit.api.default-latency-samples=200",
        "slimfit.api.default-latency-validation-samples=20",
        "slimfit.api.sweep-millis=200",
        "slimfit.api.fit-poll-millis=200",
        "slimfit.api.outbox-poll-interval=100ms",
        "slimfit.messaging.queue-expires=10m",
        "slimfit.messaging.prefix=" + "${slimfit.test.prefix}"
})
@Import(ServicesConfiguration.class)
public abstract class IntegrationTest {

    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    public static final String ENROLLMENT_SECRET = "test-enrollment-secret-0123456789";
    public static final String WORKER_SECRET = "test-worker-secret-0123456789abcd";

    /** A registered device: its id and token. */
    public record RegisteredDevice(String id, String token) {
    }

    static {
        System.setProperty("slimfit.test.prefix", ExternalServices.MESSAGING_PREFIX);
    }

    @DynamicPropertySource
    static void localServices(DynamicPropertyRegistry registry) {
        ServicesConfiguration.registerLocalServices(registry);
    }

    @LocalServerPort
    protected int port;

    /** Actuator's own port (management.server.port, random here as the API's). */
    @LocalManagementPort
    protected int managementPort;

    protected ApiClient api;

    /** The same client on the management port: health, probes, metrics. */
    protected ApiClient management;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        management = new ApiClient(managementPort);
    }

    /** Registers a device with a unique name through the enrollment endpoint. */
    protected RegisteredDevice newDevice() {
        ApiClient.Response registered = api.post("/api/v1/devices", ENROLLMENT_SECRET,
                "{\"name\":\"dev-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"runtime\":\"djl-pytorch-cpu\","
                        + "\"hardware\":{\"cpu\":\"test\"}}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return new RegisteredDevice(registered.json().get("deviceId").asString(),
                registered.json().get("token").asString());
    }

    /** Creates a team with a unique name and returns its first API key. */
    protected String newTeamKey() {
        ApiClient.Response created = api.post("/api/v1/admin/teams", ADMIN_KEY,
                "{\"name\":\"team-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asString();
    }
}
