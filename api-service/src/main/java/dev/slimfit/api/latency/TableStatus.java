package dev.slimfit.api.latency;

/** PROFILING while agents measure, FITTING once every measurement is in, then READY or FAILED. */
public enum TableStatus { PROFILING, FITTING, READY, FAILED }
