package dev.slimfit.api.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

import dev.slimfit.api.SlimfitApiApplication;

/**
 * The whole API as a running server for tests of other modules (agents, workers) that must talk to it over
 * HTTP: real PostgreSQL and RabbitMQ from Docker when it works, the machine's own services otherwise.
 */
public final class ApiTestServer implements AutoCloseable {

    public static final String ADMIN_KEY = IntegrationTest.ADMIN_KEY;
    public static final String ENROLLMENT_SECRET = IntegrationTest.ENROLLMENT_SECRET;
    public static final String WORKER_SECRET = IntegrationTest.WORKER_SECRET;

    private static PostgreSQLContainer postgres;
    private static RabbitMQContainer rabbit;

    private final ConfigurableApplicationContext context;

    private ApiTestServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the API on a random port; {@code overrides} win over the defaults. */
    public static ApiTestServer start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", 0);
        props.put("management.server.port", 0);
        props.put("slimfit.api.admin-key", ADMIN_KEY);
        props.put("slimfit.api.enrollment-secret", ENROLLMENT_SECRET);
        props.put("slimfit.api.worker-secret", WORKER_SECRET);
        props.put("slimfit.messaging.prefix", "slimfit-srv-" + UUID.randomUUID().toString().substring(0, 8));
        props.put("slimfit.messaging.queue-expires", "10m");
        // Tests submit folder datasets anywhere (DashboardBrowserIT, search-worker's JobPollerIT); a test of the
        // dataset roots themselves overrides this.
        props.put("slimfit.api.dataset-roots", "/");
        props.putAll(services());
        props.putAll(overrides);
        // As command-line arguments: they outrank application.yml, unlike default properties.
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SlimfitApiApplication.class)
                .web(WebApplicationType.SERVLET).run(args);
        return new ApiTestServer(context);
    }

    /** The database and broker settings every test server uses (containers, or this machine's services). */
    public static Map<String, Object> serviceProperties() {
        return services();
    }

    private static synchronized Map<String, Object> services() {
        Map<String, Object> props = new HashMap<>();
        if (ExternalServices.useDocker()) {
            if (postgres == null) {
                postgres = new PostgreSQLContainer("postgres:16-alpine");
                rabbit = new RabbitMQContainer("rabbitmq:4-management-alpine");
                postgres.start();
                rabbit.start();
            }
            props.put("spring.datasource.url", postgres.getJdbcUrl());
            props.put("spring.datasource.username", postgres.getUsername());
            props.put("spring.datasource.password", postgres.getPassword());
            props.put("spring.rabbitmq.host", rabbit.getHost());
            props.put("spring.rabbitmq.port", rabbit.getAmqpPort());
            props.put("spring.rabbitmq.username", rabbit.getAdminUsername());
            props.put("spring.rabbitmq.password", rabbit.getAdminPassword());
        } else {
            ExternalServices.requireLocalRabbit();
            props.put("spring.datasource.url", ExternalServices.localDatabaseUrl());
            props.put("spring.datasource.username", ExternalServices.pgUser());
            props.put("spring.datasource.password", ExternalServices.pgPassword());
            props.put("spring.rabbitmq.host", ExternalServices.rabbitHost());
            props.put("spring.rabbitmq.port", ExternalServices.rabbitPort());
            props.put("spring.rabbitmq.username", ExternalServices.rabbitUser());
            props.put("spring.rabbitmq.password", ExternalServices.rabbitPassword());
        }
        return props;
    }

    /** The broker names this server uses (its own prefix). */
    public String messagingPrefix() {
        return context.getEnvironment().getProperty("slimfit.messaging.prefix");
    }

    /** The broker this server talks to. */
    public String rabbitHost() {
        return context.getEnvironment().getProperty("spring.rabbitmq.host");
    }

    public int rabbitPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("spring.rabbitmq.port"));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Actuator's own port. */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public ApiClient client() {
        return new ApiClient(port());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
