/**
 * The search engine: {@link dev.slimfit.worker.search.SearchEngine} and its DJL implementation
 * {@link dev.slimfit.worker.search.DjlSearchEngine} (OWS, AOWS, UNIFORM), configured by
 * {@link dev.slimfit.worker.search.EngineSettings}.
 * <p>
 * Features, each in its own package:
 * <ul>
 *   <li>{@code data}: reading, checking and splitting a job's dataset; images on the engine.</li>
 *   <li>{@code nn}: the lean chain-network forward and the libtorch operators it calls.</li>
 *   <li>{@code train}: sandwich and plain steps, losses, SGD, learning rate, batch-norm recalibration, accuracy.</li>
 *   <li>{@code sample}: unary evidence, uniform (OWS) and marginal (AOWS) width sampling, AOWS's temperature.</li>
 *   <li>{@code decode}: budgeted decoding of unaries and the Pareto sweep.</li>
 *   <li>{@code checkpoint}: the job's checkpoint file and what it holds.</li>
 *   <li>{@code run}: one attempt end to end: phases, epochs, stop requests, progress, artifacts.</li>
 * </ul>
 * Work directory of a job: {@code checkpoint.bin} (replaced atomically at every epoch end and on SHUTDOWN),
 * {@code architecture.json} and {@code weights.params} (written when the job succeeds).
 */
package dev.slimfit.worker.search;
