package dev.slimfit.worker.search.data;

import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;

/**
 * A job's images, split once and deterministically from the job's seed so that a resumed attempt sees exactly the
 * same parts.
 *
 * @param train         what the supernet and the plain networks train on
 * @param validation    held out from training: the supernet accuracy proxy of a decode
 * @param test          held out from everything: the reported accuracy of the final network
 * @param normalization standardisation applied to every part (fixed for Fashion-MNIST, measured on train otherwise)
 */
public record SearchData(ImageSet train, ImageSet validation, ImageSet test, Normalization normalization) {
}
