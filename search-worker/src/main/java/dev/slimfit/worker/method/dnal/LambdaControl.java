package dev.slimfit.worker.method.dnal;

/**
 * Steers the regulariser weight {@code lambda} so that the gates land on the budget instead of wherever a
 * hand-picked constant leads (DNAL's published method has no budget). A multiplicative dual-ascent step after every
 * gates step: {@code lambda *= exp(rate * (cost / budget - target))}, clamped; while the expected cost under the
 * gates is above the target share of the budget the pressure grows, below it the pressure eases and the task loss
 * reopens channels. Working in log space makes the step scale-free: lambda may have to move over orders of
 * magnitude between spaces and budget units.
 *
 * @param rate   the step in log-lambda per unit of relative cost error
 * @param target the share of the budget aimed at (just under 1, so the landed network fits)
 * @param min    the smallest lambda
 * @param max    the largest lambda
 */
record LambdaControl(double rate, double target, double min, double max) {

    /** Aims at 98.5% of the budget, the middle of the 97-100% the thresholded widths are accepted in. */
    static LambdaControl defaults() {
        return new LambdaControl(0.05, 0.985, 1e-4, 1e4);
    }

    /** The lambda the gates phase starts from. */
    static final double INITIAL = 1.0;

    LambdaControl {
        if (!(rate > 0) || !(target > 0) || !(min > 0) || !(max >= min)) {
            throw new IllegalArgumentException("invalid lambda control " + rate + ", " + target + ", " + min + ", "
                    + max);
        }
    }

    /** The next lambda after a step whose expected cost was {@code costShare} of the budget. */
    double next(double lambda, double costShare) {
        double error = Math.max(-1, Math.min(1, costShare - target));
        return Math.max(min, Math.min(max, lambda * Math.exp(rate * error)));
    }
}
