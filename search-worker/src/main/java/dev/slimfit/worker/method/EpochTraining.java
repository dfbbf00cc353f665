package dev.slimfit.worker.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;

import java.util.Map;

/** The steps of a training phase, as the {@link EpochLoop} drives them. */
public interface EpochTraining {

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
}
