package dev.slimfit.api.latency;

/**
 * PROFILING while agents measure, FITTING once every measurement is in, then READY, or LOW_QUALITY when its
 * held-out figures still missed the quality bar after the allowed resampling rounds (its entries are kept and
 * only jobs that accept a low-quality table use it; {@code failureReason} says why), or FAILED. A table that
 * misses the bar with rounds left goes back to PROFILING with more tasks.
 */
public enum TableStatus { PROFILING, FITTING, READY, LOW_QUALITY, FAILED }
