package dev.slimfit.worker.search.sample;

import java.util.Random;

/** Chooses the configurations a sandwich step trains besides the largest and the smallest. */
public interface WidthSampler {

    /**
     * @param count    configurations to draw
     * @param progress position in the search, 0 (first step) to 1 (last)
     * @param random   this step's generator (seeded per step, so a resumed run draws the same)
     * @return {@code count} configurations as choice positions
     */
    int[][] sample(int count, double progress, Random random);

    /**
     * Whether configuration {@code index} of the latest draw was drawn uniformly, so that its loss gap is an
     * unbiased piece of unary evidence (a configuration drawn near the current decode is not: crediting it would
     * let the decode confirm itself).
     */
    default boolean unbiased(int index) {
        return true;
    }
}
