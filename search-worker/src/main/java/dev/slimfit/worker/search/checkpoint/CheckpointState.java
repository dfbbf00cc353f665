package dev.slimfit.worker.search.checkpoint;

import dev.slimfit.worker.search.sample.UnaryEvidence;

import java.util.Map;

/**
 * The non-tensor part of a checkpoint (stored as JSON next to the network and optimiser bytes).
 *
 * @param fingerprint     identifies the job and settings it belongs to; another job's checkpoint is ignored
 * @param phase           what the stored network is
 * @param completedEpochs epochs finished over the whole job (search epochs, then fine-tuning epochs)
 * @param stepInEpoch     steps already taken in epoch {@code completedEpochs + 1} (a shutdown mid-epoch), else 0
 * @param globalStep      steps taken over the whole job
 * @param phaseStep       steps taken in the current phase (drives its learning-rate schedule)
 * @param phaseSeconds    wall seconds spent training in the current phase, over all attempts
 * @param phaseImages     images trained on in the current phase, over all attempts
 * @param unaries         the unary evidence (OWS/AOWS), else null
 * @param plainWidths     the plain network's configuration (phase PLAIN), else null
 * @param supernet        what the supernet found (phase PLAIN of an OWS/AOWS search), else null
 * @param lastLosses      mean losses of the latest epoch by name, for the result after a restart
 */
public record CheckpointState(String fingerprint, Phase phase, int completedEpochs, int stepInEpoch,
                              long globalStep, long phaseStep, double phaseSeconds, long phaseImages,
                              UnaryEvidence.State unaries, int[] plainWidths, SupernetSummary supernet,
                              Map<String, Double> lastLosses) {
}
