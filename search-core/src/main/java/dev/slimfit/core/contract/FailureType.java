package dev.slimfit.core.contract;

/** Why a job failed, as a stable machine-readable code. */
public enum FailureType {
    BAD_DATASET, OUT_OF_MEMORY, INFEASIBLE_BUDGET, LATENCY_PROFILING_FAILED, METHOD_NOT_AVAILABLE, WORKER_ERROR,
    INTERNAL
}
