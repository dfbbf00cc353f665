package dev.slimfit.core.contract;

/**
 * Why a job failed, as a stable machine-readable code. {@code LATENCY_TABLE_LOW_QUALITY}: the device's latency
 * table was built but missed the quality bar (the message says which figures, or that the space's latency range
 * lies inside the timing noise), and the job did not accept a low-quality table. {@code WORKER_LOST}: the job's
 * workers stopped renewing its lease too many times (each died or was cut off mid-run): a job that keeps killing its
 * worker is not run again.
 */
public enum FailureType {
    BAD_DATASET, OUT_OF_MEMORY, INFEASIBLE_BUDGET, LATENCY_PROFILING_FAILED, LATENCY_TABLE_LOW_QUALITY,
    METHOD_NOT_AVAILABLE, WORKER_ERROR, WORKER_LOST, INTERNAL
}
