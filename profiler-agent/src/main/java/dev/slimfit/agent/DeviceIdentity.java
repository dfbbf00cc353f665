package dev.slimfit.agent;

import java.util.UUID;

/** Who this agent is to the API. The token is a secret: never logged. */
public record DeviceIdentity(UUID deviceId, String name, String token) {

    @Override
    public String toString() {
        return "DeviceIdentity[deviceId=" + deviceId + ", name=" + name + ", token=<redacted>]";
    }
}
