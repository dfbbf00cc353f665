package dev.slimfit.worker.method;

import dev.slimfit.core.contract.TrainingSettings;
import dev.slimfit.worker.search.EngineSettings;

/**
 * One named step of a method: a training phase (epochs of steps, checkpointed at every epoch end and resumable at
 * any step) or a phase without training steps (a decode, an evaluation), checkpointed when it ends.
 *
 * @param <S> the method's state
 */
public interface Phase<S extends MethodState> {

    /** The phase's name, stable across versions (checkpoints and progress events carry it). */
    String name();

    /** Training epochs this phase runs; 0 for a phase without training steps. */
    default int epochs(TrainingSettings training) {
        return 0;
    }

    /** Cost of one of its steps relative to one forward/backward pass of a plain network, for the ETAs. */
    default double unitsPerStep(EngineSettings settings) {
        return 1;
    }

    /** The configuration the job would return now and its cost, for progress. */
    ProgressSnapshot snapshot(JobContext job, S state);

    /**
     * Runs the phase to its end (or until a stop request). A training phase hands its steps to
     * {@link PhaseRun#train}, which resumes where {@code run} says and checkpoints.
     */
    void run(S state, PhaseRun run);
}
