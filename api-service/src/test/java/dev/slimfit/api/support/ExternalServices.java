package dev.slimfit.api.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;

/**
 * Where integration tests find real PostgreSQL and RabbitMQ. With a working Docker engine, Testcontainers starts
 * them (see {@link ServicesConfiguration}); without one, the machine's own services are used, by default
 * PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres) and RabbitMQ on 127.0.0.1:5672 (guest/guest), each
 * overridable by environment variables. {@code SLIMFIT_TEST_SERVICES=docker|local} forces a choice. A service
 * that cannot be reached fails the test with a message saying what to start: never a silent pass.
 */
public final class ExternalServices {

    /** One database per test JVM, dropped at exit, so runs never see each other's rows. */
    private static String localDatabaseUrl;
    /** One broker name prefix per test JVM; its queues expire on the broker when unused. */
    public static final String MESSAGING_PREFIX = "slimfit-it-" + UUID.randomUUID().toString().substring(0, 8);

    private ExternalServices() {
    }

    public static boolean useDocker() {
        String forced = env("SLIMFIT_TEST_SERVICES", "auto").toLowerCase(Locale.ROOT);
        return switch (forced) {
            case "docker" -> true;
            case "local" -> false;
            default -> dockerAvailable();
        };
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    public static String pgHost() {
        return env("SLIMFIT_TEST_PG_HOST", "127.0.0.1");
    }

    public static int pgPort() {
        return Integer.parseInt(env("SLIMFIT_TEST_PG_PORT", "5432"));
    }

    public static String pgUser() {
        return env("SLIMFIT_TEST_PG_USER", "postgres");
    }

    public static String pgPassword() {
        return env("SLIMFIT_TEST_PG_PASSWORD", "");
    }

    public static String rabbitHost() {
        return env("SLIMFIT_TEST_RABBIT_HOST", "127.0.0.1");
    }

    public static int rabbitPort() {
        return Integer.parseInt(env("SLIMFIT_TEST_RABBIT_PORT", "5672"));
    }

    public static String rabbitUser() {
        return env("SLIMFIT_TEST_RABBIT_USER", "guest");
    }

    public static String rabbitPassword() {
        return env("SLIMFIT_TEST_RABBIT_PASSWORD", "guest");
    }

    /** JDBC URL of this JVM's own fresh database on the local PostgreSQL, created on first use. */
    public static synchronized String localDatabaseUrl() {
        if (localDatabaseUrl == null) {
            localDatabaseUrl = newLocalDatabaseUrl();
        }
        return localDatabaseUrl;
    }

    /**
     * A database of its own, for a test whose application context must not share its outbox with the others
     * (their relays would publish its rows), dropped when the JVM exits.
     */
    public static String newLocalDatabaseUrl() {
        requireReachable("PostgreSQL", pgHost(), pgPort(),
                "start it (e.g. 'pg_ctlcluster 15 main start'), run Docker, or set SLIMFIT_TEST_PG_HOST/PORT");
        String name = "slimfit_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/postgres";
        execute(admin, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort: a leftover test database is harmless
            }
        }));
        return "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + name;
    }

    public static void requireLocalRabbit() {
        requireReachable("RabbitMQ", rabbitHost(), rabbitPort(),
                "start it (e.g. 'rabbitmq-server -detached'), run Docker, or set SLIMFIT_TEST_RABBIT_HOST/PORT");
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, pgUser(), pgPassword());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused '" + sql + "' as user " + pgUser()
                    + ": " + e.getMessage() + " (set SLIMFIT_TEST_PG_USER/PASSWORD)", e);
        }
    }

    private static void requireReachable(String what, String host, int port, String advice) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            throw new IllegalStateException(what + " is not reachable at " + host + ":" + port
                    + " and Docker is not available to start one: " + advice, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
