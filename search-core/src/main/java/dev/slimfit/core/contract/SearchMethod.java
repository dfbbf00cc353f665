package dev.slimfit.core.contract;

/** The search methods a job may ask for (docs/methods/ has a page for each; {@link MethodCatalog} says which run). */
public enum SearchMethod {
    /** Adaptive one-shot width search: OWS plus sampling from annealed marginals. */
    AOWS,
    /** One-shot width search: slimmable supernet with uniform width sampling and a Viterbi decode. */
    OWS,
    /** Differentiable channel gates with a scaled sigmoid. */
    DNAL,
    /** Multi-stage early-exit networks under an average-MAC budget. */
    ENAS4D,
    /** Baseline: the largest single width multiplier that meets the budget. */
    UNIFORM
}
