package dev.slimfit.core.space;

/** The shapes a search space takes: a chain of width choices, or stages with depth, kernel, width and exits. */
public enum SpaceKind {
    CHAIN,
    MULTI_STAGE
}
