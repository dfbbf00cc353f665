package dev.slimfit.models.data;

/** Disjoint training and validation parts of one image set. */
public record Split(ImageSet train, ImageSet validation) {
}
