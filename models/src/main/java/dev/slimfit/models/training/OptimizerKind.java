package dev.slimfit.models.training;

/** The optimisers the training helpers offer. */
public enum OptimizerKind {
    /** SGD with momentum 0.9, the usual choice for supernets. */
    SGD,
    /** Adam with DJL's default betas; converges faster on short runs. */
    ADAM
}
