package dev.slimfit.worker.method.dnal;

/**
 * The gate sharpness {@code beta} over the gates phase: raised geometrically from {@code start} to {@code end}
 * (DNAL's continuation: a gate {@code sigmoid(beta * a)} is smooth while beta is small and is driven to 0 or 1 as
 * it grows). DNAL's reference, ten epochs from 1 to 10^4, multiplies beta by 10^0.4 (about 2.51) before each epoch
 * ({@link #atEpoch}: 2.51 in the first epoch, 10^4 in the tenth). Slimfit raises it at every step instead
 * ({@link #atStep}) along the same curve, meeting the reference's value at each epoch's end: short jobs have only
 * one or two gates epochs, and a jump from 1 to 10^4 in one epoch would binarise every gate at its first step.
 *
 * @param start  beta before the first step
 * @param end    beta at the last step
 * @param epochs gates epochs
 */
record BetaSchedule(double start, double end, int epochs) {

    /** DNAL's reference schedule over {@code epochs}: from 1 to 10^4. */
    static BetaSchedule reference(int epochs) {
        return new BetaSchedule(1, 1e4, epochs);
    }

    BetaSchedule {
        if (!(start > 0) || !(end >= start) || epochs < 1) {
            throw new IllegalArgumentException("beta schedule needs 0 < start <= end and epochs >= 1, got " + start
                    + ", " + end + ", " + epochs);
        }
    }

    /** The factor beta is multiplied by before each epoch. */
    double factor() {
        return Math.pow(end / start, 1.0 / epochs);
    }

    /** The reference's beta during gates epoch {@code epoch} (1-based; clamped to the schedule). */
    double atEpoch(int epoch) {
        int e = Math.max(1, Math.min(epochs, epoch));
        return start * Math.pow(end / start, (double) e / epochs);
    }

    /**
     * Beta at step {@code step} (0-based) of a phase of {@code stepsPerEpoch * epochs} steps: the curve through
     * {@link #atEpoch} at every epoch's last step.
     */
    double atStep(long step, int stepsPerEpoch) {
        long total = (long) stepsPerEpoch * epochs;
        double progress = Math.min(1, (double) Math.max(0, step + 1) / Math.max(1, total));
        return start * Math.pow(end / start, progress);
    }
}
