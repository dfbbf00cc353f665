package dev.slimfit.worker.search.checkpoint;

/**
 * A whole checkpoint.
 *
 * @param state     counters, unaries and summaries
 * @param network   the trained network's parameters in DJL's {@code saveParameters} format (running batch-norm
 *                  statistics included)
 * @param optimizer the optimiser's momentum buffers (DJL {@code NDList} encoding, parameter order)
 */
public record Checkpoint(CheckpointState state, byte[] network, byte[] optimizer) {
}
