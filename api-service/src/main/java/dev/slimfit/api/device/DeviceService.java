package dev.slimfit.api.device;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.slimfit.api.auth.KeyHasher;
import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.error.ApiException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Service
class DeviceService {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DeviceRepository devices;
    private final JsonMapper json;
    private final Clock clock;
    private final ApiProperties properties;

    DeviceService(DeviceRepository devices, JsonMapper json, Clock clock, ApiProperties properties) {
        this.devices = devices;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    @Transactional
    DeviceController.Registered register(DeviceController.RegisterRequest request) {
        if (devices.findByName(request.name()).isPresent()) {
            throw ApiException.conflict("device-exists", "a device named '" + request.name() + "' is already "
                    + "registered; an agent that lost its token must be re-enrolled under a new name");
        }
        String token = KeyHasher.newSecret(KeyHasher.DEVICE_PREFIX);
        Device device = devices.save(new Device(UUID.randomUUID(), request.name(), KeyHasher.hash(token),
                request.runtime(), json.writeValueAsString(request.hardware()), clock.instant()));
        return new DeviceController.Registered(device.id(), device.name(), token);
    }

    @Transactional
    DeviceController.DeviceResponse heartbeat(UUID caller, UUID deviceId, Map<String, Object> hardware) {
        if (!caller.equals(deviceId)) {
            throw ApiException.notFound("device " + deviceId); // a device sees only itself
        }
        Device device = find(deviceId);
        device.seen(clock.instant(), hardware == null ? null : json.writeValueAsString(hardware));
        return toResponse(device);
    }

    @Transactional(readOnly = true)
    List<DeviceController.DeviceResponse> list() {
        return devices.findAllByOrderByName().stream().map(this::toResponse).toList();
    }

    @Transactional(readOnly = true)
    DeviceController.DeviceResponse get(UUID id) {
        return toResponse(find(id));
    }

    @Transactional
    void revoke(UUID id) {
        find(id).revoke(clock.instant());
    }

    private Device find(UUID id) {
        return devices.findById(id).orElseThrow(() -> ApiException.notFound("device " + id));
    }

    private DeviceController.DeviceResponse toResponse(Device d) {
        DeviceController.DeviceStatus status = d.revokedAt() != null ? DeviceController.DeviceStatus.REVOKED
                : d.online(clock.instant(), properties.deviceOfflineAfter()) ? DeviceController.DeviceStatus.ONLINE
                : DeviceController.DeviceStatus.OFFLINE;
        return new DeviceController.DeviceResponse(d.id(), d.name(), d.runtime(), status,
                json.readValue(d.hardware(), MAP), d.registeredAt(), d.lastSeenAt(), d.revokedAt());
    }
}
