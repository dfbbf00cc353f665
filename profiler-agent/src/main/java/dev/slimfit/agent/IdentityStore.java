package dev.slimfit.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the device identity (its id and bearer token) in a file only its owner can read: directories this store
 * creates get {@code rwx------}, the file {@code rw-------}, where the file system has POSIX permissions. Writes
 * are atomic (a temporary file moved into place).
 */
@Component
class IdentityStore {

    private static final Logger log = LoggerFactory.getLogger(IdentityStore.class);

    static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final JsonMapper json;

    IdentityStore(AgentProperties properties, JsonMapper json) {
        this.file = properties.identityFile().toAbsolutePath().normalize();
        this.json = json;
    }

    Path file() {
        return file;
    }

    Optional<DeviceIdentity> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        warnIfReadableByOthers();
        try {
            return Optional.of(json.readValue(Files.readString(file), DeviceIdentity.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent identity " + file, e);
        }
    }

    void save(DeviceIdentity identity) {
        try {
            createPrivateDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".identity", ".tmp");
            try {
                restrict(temp, FILE_PERMISSIONS);
                Files.writeString(temp, json.writeValueAsString(identity));
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent identity " + file, e);
        }
    }

    /** Creates the missing directories of {@code dir}, each owner-only; existing ones are left as they are. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(p)) {
                    throw raced;
                }
                continue; // someone else created it: not ours to change
            }
            // Set explicitly: creation modes are masked by the umask.
            restrict(p, DIRECTORY_PERMISSIONS);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, permissions);
        }
        // else: a file system without POSIX permissions (Windows, some mounts); nothing portable to set
    }

    private void warnIfReadableByOthers() {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> actual = Files.getPosixFilePermissions(file);
                if (!FILE_PERMISSIONS.containsAll(actual)) {
                    log.warn("the agent identity {} holds a device token but is {}; restrict it to {}", file,
                            PosixFilePermissions.toString(actual), PosixFilePermissions.toString(FILE_PERMISSIONS));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // only a warning
        }
    }
}
