package dev.slimfit.core.contract;

/**
 * What the searched network must fit in. Exactly one kind is set: a latency on a device ({@code latencyMs} with
 * {@code deviceId}), a multiply-add count, a parameter count, or an average multiply-add count for early-exit
 * networks. {@code acceptLowQualityTable} (latency budgets only; null means false) lets the job run on a latency
 * table that missed the quality bar instead of failing with its reason.
 */
public record Budget(Double latencyMs, String deviceId, Long macs, Long params, Long averageMacs,
                     Boolean acceptLowQualityTable) {

    /** A budget that does not accept a low-quality latency table. */
    public Budget(Double latencyMs, String deviceId, Long macs, Long params, Long averageMacs) {
        this(latencyMs, deviceId, macs, params, averageMacs, null);
    }

    /** Whether the job may run on a LOW_QUALITY latency table. */
    public boolean acceptsLowQualityTable() {
        return Boolean.TRUE.equals(acceptLowQualityTable);
    }

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

    /** A latency budget; {@code acceptLowQualityTable} true lets it run on a table that missed the quality bar. */
    public static Budget ofLatency(double latencyMs, String deviceId, boolean acceptLowQualityTable) {
        return new Budget(latencyMs, deviceId, null, null, null, acceptLowQualityTable ? Boolean.TRUE : null);
    }

    public static Budget ofAverageMacs(long averageMacs) {
        return new Budget(null, null, null, null, averageMacs);
    }
}
