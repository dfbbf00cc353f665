package dev.slimfit.core.contract;

/**
 * What the searched network must fit in. Exactly one kind is set: a latency on a device ({@code latencyMs} with
 * {@code deviceId}), a multiply-add count, a parameter count, or an average multiply-add count for early-exit
 * networks.
 */
public record Budget(Double latencyMs, String deviceId, Long macs, Long params, Long averageMacs) {

    public enum Kind { LATENCY, MACS, PARAMS, AVERAGE_MACS }

    /** The kind of this budget, assuming exactly one kind is set (the API validates that). */
    public Kind kind() {
        if (latencyMs != null) {
            return Kind.LATENCY;
        }
        if (macs != null) {
            return Kind.MACS;
        }
        if (params != null) {
            return Kind.PARAMS;
        }
        if (averageMacs != null) {
            return Kind.AVERAGE_MACS;
        }
        throw new IllegalStateException("budget has no kind set");
    }

    public static Budget ofMacs(long macs) {
        return new Budget(null, null, macs, null, null);
    }

    public static Budget ofParams(long params) {
        return new Budget(null, null, null, params, null);
    }

    public static Budget ofLatency(double latencyMs, String deviceId) {
        return new Budget(latencyMs, deviceId, null, null, null);
    }

    public static Budget ofAverageMacs(long averageMacs) {
        return new Budget(null, null, null, null, averageMacs);
    }
}
