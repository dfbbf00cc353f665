package dev.slimfit.worker.search.sample;

/**
 * AOWS's sampling schedule mapped from its 20 epochs onto a job's progress through the search (0 = first step,
 * 1 = last): uniform sampling during the warm-up (AOWS: epochs 1-5, here the first quarter), then marginal sampling
 * at a temperature falling log-linearly through AOWS's knots, 1 at the end of the warm-up, 0.01 at epoch 6, 0.001 at
 * epoch 10 and 5e-4 at epoch 20, i.e. at progress 0.25, 0.30, 0.50 and 1.0. Positions are in steps, so a 2-epoch
 * job still warms up for half an epoch and anneals for the rest.
 */
public final class TemperatureSchedule {

    /** AOWS knots as (progress, temperature): 5/20, 6/20, 10/20 and 20/20 of the epochs. */
    private static final double[] PROGRESS = {0.25, 0.30, 0.50, 1.0};
    private static final double[] TEMPERATURE = {1.0, 0.01, 0.001, 5e-4};

    private TemperatureSchedule() {
    }

    /** Whether the search is still warming up (uniform sampling) at {@code progress}. */
    public static boolean warmingUp(double progress) {
        return progress < PROGRESS[0];
    }

    /** The sampling temperature at {@code progress} in [0, 1]; 1 during the warm-up. */
    public static double at(double progress) {
        if (progress <= PROGRESS[0]) {
            return TEMPERATURE[0];
        }
        for (int k = 1; k < PROGRESS.length; k++) {
            if (progress <= PROGRESS[k]) {
                double fraction = (progress - PROGRESS[k - 1]) / (PROGRESS[k] - PROGRESS[k - 1]);
                double logT = Math.log(TEMPERATURE[k - 1]) + fraction
                        * (Math.log(TEMPERATURE[k]) - Math.log(TEMPERATURE[k - 1]));
                return Math.exp(logT);
            }
        }
        return TEMPERATURE[TEMPERATURE.length - 1];
    }
}
