package dev.slimfit.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Loads this device's identity, registering it with the enrollment secret the first time. */
@Component
class IdentityService {

    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

    private final IdentityStore store;
    private final ApiGateway api;
    private final LatencyMeter meter;
    private final AgentProperties properties;

    IdentityService(IdentityStore store, ApiGateway api, LatencyMeter meter, AgentProperties properties) {
        this.store = store;
        this.api = api;
        this.meter = meter;
        this.properties = properties;
    }

    DeviceIdentity ensure() {
        DeviceIdentity identity = store.load().orElseGet(this::register);
        api.authenticate(identity.token());
        return identity;
    }

    private DeviceIdentity register() {
        if (properties.enrollmentSecret().isEmpty()) {
            throw new IllegalStateException("no identity at " + properties.identityFile() + " and no enrollment "
                    + "secret: set slimfit.agent.enrollment-secret (SLIMFIT_AGENT_ENROLLMENT_SECRET) to register");
        }
        String name = properties.deviceName().isEmpty() ? hostname() : properties.deviceName();
        ApiGateway.Registered registered = api.register(properties.enrollmentSecret(), name, properties.runtime(),
                meter.hardware());
        DeviceIdentity identity = new DeviceIdentity(registered.deviceId(), registered.name(), registered.token());
        store.save(identity);
        log.info("registered as device {} ({}), identity kept in {}", identity.name(), identity.deviceId(),
                properties.identityFile());
        return identity;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "device-" + ProcessHandle.current().pid();
        }
    }
}
