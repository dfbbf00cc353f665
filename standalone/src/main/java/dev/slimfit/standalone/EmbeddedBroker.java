package dev.slimfit.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.model.SystemConfig;

/**
 * A real AMQP 0-9-1 broker in this JVM: Apache Qpid Broker-J with a Derby message store under the node's state
 * folder, so durable queues and persistent messages survive a restart. It listens on 127.0.0.1 only, with one
 * PLAIN user whose password the node generated.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final SystemLauncher launcher = new SystemLauncher();
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    /**
     * Starts the broker; its configuration and store live in {@code workDir} (created on first start, reused after).
     */
    static EmbeddedBroker start(Path workDir, int port, String user, String password) throws Exception {
        Files.createDirectories(workDir);
        EmbeddedBroker broker = new EmbeddedBroker(port);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(SystemConfig.TYPE, "JSON");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION,
                EmbeddedBroker.class.getResource("qpid-initial-config.json").toExternalForm());
        // Real URLs, not Qpid's own "classpath:" scheme, whose handler an executable jar's class loader cannot see.
        attributes.put(SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION,
                EmbeddedBroker.class.getResource("qpid-system.properties").toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        Map<String, String> context = new HashMap<>();
        context.put(SystemConfig.QPID_WORK_DIR, workDir.toAbsolutePath().toString());
        context.put("qpid.amqp_port", Integer.toString(port));
        context.put("slimfit.broker.user", user);
        context.put("slimfit.broker.password", password);
        attributes.put("context", context);
        broker.launcher.startup(attributes);
        return broker;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        launcher.shutdown();
    }
}
