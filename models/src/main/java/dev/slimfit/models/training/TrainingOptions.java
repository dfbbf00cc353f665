package dev.slimfit.models.training;

/**
 * A short, fixed-length training run.
 *
 * @param steps        optimiser steps (the dataset is cycled as often as needed)
 * @param batchSize    images per step
 * @param learningRate fixed learning rate
 * @param optimizer    which optimiser
 * @param seed         seeds DJL's and libtorch's generators: weight initialisation and shuffling repeat
 */
public record TrainingOptions(int steps, int batchSize, float learningRate, OptimizerKind optimizer, int seed) {

    public TrainingOptions {
        if (steps <= 0 || batchSize <= 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("training needs positive steps, batch size and learning rate");
        }
    }
}
