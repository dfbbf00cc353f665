package dev.slimfit.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Keeps the device identity in a file readable only by its owner, written atomically. */
@Component
class IdentityStore {

    private final Path file;
    private final JsonMapper json;

    IdentityStore(AgentProperties properties, JsonMapper json) {
        this.file = properties.identityFile().toAbsolutePath();
        this.json = json;
    }

    Optional<DeviceIdentity> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(Files.readString(file), DeviceIdentity.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent identity " + file, e);
        }
    }

    void save(DeviceIdentity identity) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".identity", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on file systems without POSIX permissions
            }
            Files.writeString(temp, json.writeValueAsString(identity));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent identity " + file, e);
        }
    }
}
