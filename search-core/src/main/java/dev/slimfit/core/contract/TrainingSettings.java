package dev.slimfit.core.contract;

/**
 * How long and how the supernet is trained.
 *
 * @param epochs      supernet search epochs
 * @param finalEpochs fine-tuning epochs of the decoded plain network
 * @param batchSize   images per step
 * @param seed        seed for data split, sampling and initialisation
 * @param trainImages when set, only this many training images (a stratified, seeded subset) are used: quick
 *                    exploratory searches and tests; null uses the whole training split
 */
public record TrainingSettings(int epochs, int finalEpochs, int batchSize, long seed, Integer trainImages) {
}
