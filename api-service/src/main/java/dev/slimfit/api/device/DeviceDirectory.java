package dev.slimfit.api.device;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.config.ApiProperties;

/** What other features may know about devices: identity, runtime, whether it is usable and online. */
@Component
public class DeviceDirectory {

    /** A device as other features see it. */
    public record DeviceInfo(UUID id, String name, String runtime, boolean revoked, boolean online) {
    }

    private final DeviceRepository devices;
    private final Clock clock;
    private final ApiProperties properties;

    DeviceDirectory(DeviceRepository devices, Clock clock, ApiProperties properties) {
        this.devices = devices;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public Optional<DeviceInfo> find(UUID id) {
        return devices.findById(id).map(this::info);
    }

    /** Finds a device by its id or by its unique name. */
    @Transactional(readOnly = true)
    public Optional<DeviceInfo> resolve(String idOrName) {
        try {
            Optional<DeviceInfo> byId = find(UUID.fromString(idOrName));
            if (byId.isPresent()) {
                return byId;
            }
        } catch (IllegalArgumentException notAUuid) {
            // fall through to the name
        }
        return devices.findByName(idOrName).map(this::info);
    }

    private DeviceInfo info(Device d) {
        return new DeviceInfo(d.id(), d.name(), d.runtime(), d.revokedAt() != null,
                d.online(clock.instant(), properties.deviceOfflineAfter()));
    }
}
