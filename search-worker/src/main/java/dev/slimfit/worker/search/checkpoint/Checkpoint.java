package dev.slimfit.worker.search.checkpoint;

/**
 * A whole checkpoint.
 *
 * @param state     counters, unaries and summaries
 * @param network   the trained network's parameters in DJL's {@code saveParameters} format (running batch-norm
 *                  statistics included)
 * @param optimizer the optimiser's momentum buffers (DJL {@code NDList} encoding, parameter order)
 * @param targets   the fine-tuning phase's distillation targets ({@code DistillationTargets} encoding), empty when
 *                  there are none
 */
public record Checkpoint(CheckpointState state, byte[] network, byte[] optimizer, byte[] targets) {

    /** A checkpoint without distillation targets. */
    public Checkpoint(CheckpointState state, byte[] network, byte[] optimizer) {
        this(state, network, optimizer, new byte[0]);
    }
}
