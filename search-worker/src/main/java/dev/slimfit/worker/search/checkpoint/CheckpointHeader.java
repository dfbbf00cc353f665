package dev.slimfit.worker.search.checkpoint;

import java.util.Map;

/**
 * The runner's part of a checkpoint: which job and settings it belongs to, which phase wrote it and how far that
 * phase had come.
 *
 * @param fingerprint     identifies the job and every setting that shapes its training; another's is ignored
 * @param method          the method that wrote it
 * @param phase           the name of the phase that wrote it
 * @param phaseComplete   whether that phase had finished (a resume starts with the next phase)
 * @param completedEpochs epochs finished over the whole job
 * @param stepInEpoch     steps already taken in epoch {@code completedEpochs + 1} (a shutdown mid-epoch), else 0
 * @param globalStep      steps taken over the whole job
 * @param phaseStep       steps taken in the phase (drives its learning-rate schedule)
 * @param phaseSeconds    wall seconds spent in the phase's steps, over all attempts
 * @param phaseImages     images trained on in the phase, over all attempts
 * @param lastLosses      mean losses of the latest epoch by name, for progress and the result after a restart
 */
public record CheckpointHeader(String fingerprint, String method, String phase, boolean phaseComplete,
                               int completedEpochs, int stepInEpoch, long globalStep, long phaseStep,
                               double phaseSeconds, long phaseImages, Map<String, Double> lastLosses) {
}
