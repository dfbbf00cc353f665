/**
 * The black-box pairwise latency model (AOWS): shared unknowns per layer key and widths
 * ({@link dev.slimfit.core.latency.LatencyCells}), fitted tables ({@link dev.slimfit.core.latency.LatencyTable}),
 * the constrained least-squares fit with held-out quality figures ({@link dev.slimfit.core.latency.LatencyFitter},
 * {@link dev.slimfit.core.latency.FitQuality}) and staleness checks ({@link dev.slimfit.core.latency.DriftCheck}).
 */
package dev.slimfit.core.latency;
