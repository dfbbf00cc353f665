package dev.slimfit.standalone;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * The local node's state folder: its generated secrets and ports ({@value #SETTINGS}, mode 0600, written once),
 * the broker's store, the PostgreSQL cluster (see {@link LocalPostgres#homeFor}), the checkpoints, the agent's
 * identity, and while it runs its process id and URL.
 */
final class NodeState {

    static final String SETTINGS = "node.properties";
    static final String PID = "node.pid";
    static final String LOG = "node.log";
    static final int DEFAULT_API_PORT = 8080;

    private final Path dir;
    private final Properties settings;
    private final boolean created;

    private NodeState(Path dir, Properties settings, boolean created) {
        this.dir = dir;
        this.settings = settings;
        this.created = created;
    }

    /** The default folder: {@code SLIMFIT_HOME}, else {@code ~/.slimfit/node}. */
    static Path defaultDir() {
        String home = System.getenv("SLIMFIT_HOME");
        return home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".slimfit", "node");
    }

    /** Opens the folder, generating secrets and choosing free ports the first time. */
    static NodeState open(Path dir) throws IOException {
        Files.createDirectories(dir);
        trySetPermissions(dir, "rwx------");
        Path file = dir.resolve(SETTINGS);
        Properties settings = new Properties();
        boolean created = !Files.exists(file);
        if (!created) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                settings.load(in);
            }
        } else {
            settings.setProperty("admin-key", "sf_admin_" + secret(24));
            settings.setProperty("enrollment-secret", secret(24));
            settings.setProperty("worker-secret", secret(24));
            settings.setProperty("broker-user", "slimfit");
            settings.setProperty("broker-password", secret(18));
            settings.setProperty("db-user", "slimfit");
            settings.setProperty("db-password", secret(18));
            settings.setProperty("api-port", Integer.toString(apiPort()));
            settings.setProperty("broker-port", Integer.toString(freePort()));
            settings.setProperty("db-port", Integer.toString(freePort()));
            settings.setProperty("management-port", Integer.toString(freePort()));
        }
        NodeState state = new NodeState(dir, settings, created);
        if (created) {
            state.save();
        }
        return state;
    }

    /** Whether this run generated the settings (so the secrets are printed, this once). */
    boolean created() {
        return created;
    }

    Path dir() {
        return dir;
    }

    String get(String key) {
        String value = settings.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(dir.resolve(SETTINGS) + " has no " + key + "; start afresh with --clean");
        }
        return value;
    }

    int port(String key) {
        return Integer.parseInt(get(key));
    }

    /** Keeps a port unless something else took it since; then chooses another and remembers it. */
    int portStillFree(String key) throws IOException {
        int port = port(key);
        if (!isFree(port)) {
            port = freePort();
            settings.setProperty(key, Integer.toString(port));
            save();
        }
        return port;
    }

    /**
     * Actuator's port: kept while free, else another; a node made before actuator had its own port gets one now.
     */
    int managementPort() throws IOException {
        if (settings.getProperty("management-port") == null) {
            settings.setProperty("management-port", Integer.toString(freePort()));
            save();
        }
        return portStillFree("management-port");
    }

    /** The management port as the starting process chose it; chosen now if it did not (a node run by hand). */
    int managementPortAsChosen() throws IOException {
        return optional("management-port").isPresent() ? port("management-port") : managementPort();
    }

    /** Where the node's health is (its API's address for a node started before actuator had its own port). */
    String managementUrl() {
        return optional("management-port").map(port -> "http://127.0.0.1:" + port).orElseGet(this::apiUrl);
    }

    String apiUrl() {
        return "http://127.0.0.1:" + get("api-port");
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(settings.getProperty(key));
    }

    void put(String key, String value) throws IOException {
        settings.setProperty(key, value);
        save();
    }

    Path pidFile() {
        return dir.resolve(PID);
    }

    /** The running node's process, if its pid file names a live one. */
    Optional<ProcessHandle> runningNode() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void save() throws IOException {
        Path file = dir.resolve(SETTINGS);
        Path temporary = dir.resolve(SETTINGS + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary);
        trySetPermissions(temporary, "rw-------");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
            settings.store(out, "Slimfit local node: generated secrets and ports. Keep private.");
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static int apiPort() throws IOException {
        String configured = System.getenv("SLIMFIT_API_PORT");
        if (configured != null && !configured.isBlank()) {
            return Integer.parseInt(configured.strip());
        }
        return isFree(DEFAULT_API_PORT) ? DEFAULT_API_PORT : freePort();
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String secret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    static void trySetPermissions(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the folder's own protection is all there is.
        }
    }
}
