/**
 * Which configurations to measure on a device: uniform (validation sets), coverage-biased (AOWS: least-measured
 * cells first) and active (largest predictive variance of the current fit). Samplers are stateful and not
 * thread-safe.
 */
package dev.slimfit.core.sample;
