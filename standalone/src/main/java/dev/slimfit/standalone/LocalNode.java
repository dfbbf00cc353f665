package dev.slimfit.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.slimfit.agent.ProfilerAgentApplication;
import dev.slimfit.api.SlimfitApiApplication;
import dev.slimfit.worker.SearchWorkerApplication;

/**
 * API, search worker and profiler agent in one process, each its own Spring application exactly as it runs when
 * deployed apart, against a real PostgreSQL ({@link LocalPostgres}) and a real AMQP 0-9-1 broker
 * ({@link EmbeddedBroker}) started first. The worker and the agent reach the API over HTTP on loopback and the
 * broker over AMQP, like any other worker and agent. Closing stops them in the reverse order: worker (it
 * checkpoints and hands its job back), agent, API, broker, database.
 */
final class LocalNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);

    private final NodeState state;
    private final List<AutoCloseable> started = new ArrayList<>();

    private LocalNode(NodeState state) {
        this.state = state;
    }

    static LocalNode start(NodeState state) throws Exception {
        LocalNode node = new LocalNode(state);
        try {
            node.startAll();
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    String url() {
        return state.apiUrl();
    }

    private void startAll() throws Exception {
        Path dir = state.dir();
        int dbPort = state.portStillFree("db-port");
        LocalPostgres postgres = LocalPostgres.start(LocalPostgres.homeFor(dir), dbPort, state.get("db-user"),
                state.get("db-password"));
        started.add(postgres);
        int brokerPort = state.portStillFree("broker-port");
        EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), brokerPort, state.get("broker-user"),
                state.get("broker-password"));
        started.add(broker);
        LOG.info("local AMQP broker (Qpid Broker-J) listening on 127.0.0.1:{}", brokerPort);

        List<String> common = List.of(
                "--spring.rabbitmq.host=127.0.0.1",
                "--spring.rabbitmq.port=" + brokerPort,
                "--spring.rabbitmq.username=" + state.get("broker-user"),
                "--spring.rabbitmq.password=" + state.get("broker-password"),
                "--spring.main.banner-mode=off",
                "--logging.level.ai.djl=WARN",
                "--logging.level.ai.djl.util.cuda.CudaUtils=ERROR",
                "--logging.level.org.apache.qpid=WARN",
                "--logging.level.qpid=WARN");
        List<String> api = new ArrayList<>(common);
        api.addAll(List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + state.get("db-user"),
                "--spring.datasource.password=" + state.get("db-password"),
                "--server.port=" + state.get("api-port"),
                "--server.address=127.0.0.1",
                // actuator on a loopback port of its own, as on a server; the starting process chose it and
                // polls it, so it is taken as it is (a node started by hand gets one here)
                "--management.server.port=" + state.managementPortAsChosen(),
                "--management.server.address=127.0.0.1",
                "--slimfit.api.admin-key=" + state.get("admin-key"),
                "--slimfit.api.enrollment-secret=" + state.get("enrollment-secret"),
                "--slimfit.api.worker-secret=" + state.get("worker-secret"),
                "--slimfit.messaging.dialect=QPID"));
        started.add(run(new SpringApplicationBuilder(SlimfitApiApplication.class), api));

        // The roles without a database: the local node's classpath holds a JDBC driver and an embedded Derby (the
        // broker's store), which must not give them a data source of their own.
        List<String> noDatabase = List.of("--spring.autoconfigure.exclude="
                + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");
        List<String> worker = new ArrayList<>(common);
        worker.addAll(noDatabase);
        worker.addAll(List.of(
                "--spring.config.name=search-worker",
                "--slimfit.worker.api-url=" + state.apiUrl(),
                "--slimfit.worker.worker-secret=" + state.get("worker-secret"),
                "--slimfit.worker.worker-id=local-worker",
                "--slimfit.worker.checkpoint-dir=" + dir.resolve("checkpoints")));
        List<String> agent = new ArrayList<>(common);
        agent.addAll(noDatabase);
        agent.addAll(List.of(
                "--spring.config.name=profiler-agent",
                "--slimfit.agent.api-url=" + state.apiUrl(),
                "--slimfit.agent.enrollment-secret=" + state.get("enrollment-secret"),
                "--slimfit.agent.device-name=" + deviceName(),
                "--slimfit.agent.identity-file=" + dir.resolve("agent-identity.json")));
        started.add(run(new SpringApplicationBuilder(ProfilerAgentApplication.class).web(WebApplicationType.NONE),
                agent));
        started.add(run(new SpringApplicationBuilder(SearchWorkerApplication.class).web(WebApplicationType.NONE),
                worker));
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, List<String> args) {
        return builder.registerShutdownHook(false).run(args.toArray(String[]::new));
    }

    /** The name this machine's CPU is registered under. */
    static String deviceName() {
        try {
            return "local-" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "local-cpu";
        }
    }

    @Override
    public void close() {
        for (int k = started.size() - 1; k >= 0; k--) {
            try {
                started.get(k).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(k).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
