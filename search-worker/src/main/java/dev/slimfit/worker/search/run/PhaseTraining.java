package dev.slimfit.worker.search.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.checkpoint.Checkpoint;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;

import java.util.Map;

/** One phase of a job (supernet search, or plain training) as the {@link EpochLoop} drives it. */
interface PhaseTraining {

    /** Global number of the phase's first epoch (1-based). */
    int firstEpoch();

    /** Global number of the phase's last epoch. */
    int lastEpoch();

    /**
     * Trains one step; arrays it creates attach to {@code stepManager}, which the loop closes.
     *
     * @param phaseStep  steps already taken in this phase
     * @param globalStep steps already taken in the job
     * @return this step's named losses
     */
    Map<String, Double> step(NDManager stepManager, Batch batch, long phaseStep, long globalStep);

    /** Per-image training targets (images x classes, stored order) each batch carries, or null for none. */
    default NDArray targets() {
        return null;
    }

    /** What the phase would return now, for progress. */
    ProgressSnapshot snapshot();

    /** A checkpoint of the phase at {@code position}; {@code epochLosses} are the latest epoch's mean losses. */
    Checkpoint checkpoint(Position position, Map<String, Double> epochLosses);
}
