package dev.slimfit.api.latency;

/**
 * A profiling task's life: PENDING until a device claims it (LEASED); a completed task is DONE; a released or
 * expired lease returns it to PENDING until its attempts run out (FAILED). {@link #next} is the only way to move.
 */
enum TaskStatus {
    PENDING, LEASED, DONE, FAILED;

    enum Trigger { CLAIM, COMPLETE, RELEASE, LEASE_EXPIRED, GIVE_UP }

    TaskStatus next(Trigger trigger) {
        TaskStatus to = switch (this) {
            case PENDING -> trigger == Trigger.CLAIM ? LEASED : null;
            case LEASED -> switch (trigger) {
                case COMPLETE -> DONE;
                case RELEASE, LEASE_EXPIRED -> PENDING;
                case GIVE_UP -> FAILED;
                case CLAIM -> null;
            };
            case DONE, FAILED -> null;
        };
        if (to == null) {
            throw new IllegalStateException("a " + this + " profiling task cannot take " + trigger);
        }
        return to;
    }
}
