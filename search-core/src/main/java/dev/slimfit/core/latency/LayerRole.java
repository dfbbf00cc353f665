package dev.slimfit.core.latency;

/**
 * Where a layer sits in the chain. Part of the sharing key because the first layer reads the network input (its
 * input channels are fixed, not searched) and the classifier runs after global pooling.
 */
public enum LayerRole {
    FIRST,
    INNER,
    CLASSIFIER
}
