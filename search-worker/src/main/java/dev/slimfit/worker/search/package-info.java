/**
 * The search engine: {@link dev.slimfit.worker.search.SearchEngine} and its DJL implementation
 * {@link dev.slimfit.worker.search.DjlSearchEngine}, which runs a method of {@code dev.slimfit.worker.method}'s
 * registry (OWS, AOWS, UNIFORM) through its phase runner, configured by {@link dev.slimfit.worker.search.EngineSettings}.
 * <p>
 * The training parts every method may use, each in its own package:
 * <ul>
 *   <li>{@code data}: reading, checking and splitting a job's dataset; images on the engine.</li>
 *   <li>{@code nn}: the lean chain-network forward and the libtorch operators it calls.</li>
 *   <li>{@code train}: sandwich and plain steps, losses, SGD, learning rate, batch-norm recalibration, accuracy.</li>
 *   <li>{@code sample}: unary evidence, uniform (OWS) and marginal (AOWS) width sampling, AOWS's temperature.</li>
 *   <li>{@code checkpoint}: the job's checkpoint file (the runner's header and the method's named sections).</li>
 * </ul>
 * Work directory of a job: {@code checkpoint.bin} (replaced atomically at every epoch end, at the end of a
 * phase without steps and on SHUTDOWN),
 * {@code architecture.json} and {@code weights.params} (written when the job succeeds).
 */
package dev.slimfit.worker.search;
