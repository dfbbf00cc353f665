package dev.slimfit.worker.method.dnal;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.slimfit.core.contract.DnalReport;
import dev.slimfit.core.contract.LatencyCorrection;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.method.MethodState;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What DNAL's phases share. Until the prune the network is the space's widest (a slimmable network run at its
 * largest widths, so that a width keeps leading channels); during the gates phase it has {@link ChannelGates} and
 * the phase-1 classifier is kept as the fine-tuning teacher's. From the prune on the network is the pruned plain
 * one. Checkpoints hold whichever network is current, its optimiser, the gates, and the JSON record {@link Saved}.
 */
final class DnalState implements MethodState {

    static final String STATE = "state.json";
    static final String NETWORK = "network";
    static final String OPTIMIZER = "optimizer";
    static final String GATES = "gates";
    static final String TEACHER_CLASSIFIER = "teacher-classifier";
    static final String TARGETS = "targets";

    /**
     * The JSON section.
     *
     * @param lambda  the regulariser weight now
     * @param beta    the gate sharpness of the latest gates step
     * @param weights the weights phase's figures, once it has ended
     * @param gates   the gates phase's figures, once it has ended
     * @param pruned  what the prune chose (null before it)
     */
    record Saved(double lambda, double beta, Figures weights, Figures gates, Pruned pruned) {
    }

    /** A training phase's last-epoch losses, seconds and throughput. */
    record Figures(Map<String, Double> losses, double seconds, double imagesPerSecond) {
    }

    /**
     * The prune's choice.
     *
     * @param widths                  the widths returned
     * @param report                  the gate report for the result
     * @param prunedValidationAccuracy the pruned network's validation accuracy before fine-tuning
     * @param unaries                 the gates as unaries (per layer, per width choice)
     * @param latencyCorrection       the device measurements of the landing and its corrections, or null
     */
    record Pruned(int[] widths, DnalReport report, double prunedValidationAccuracy, double[][] unaries,
                  LatencyCorrection latencyCorrection) {
    }

    BetaSchedule schedule;
    GateTraining.Regulariser regulariser = GateTraining.Regulariser.COST;
    double lambda = LambdaControl.INITIAL;
    double beta;
    Figures weightsFigures;
    Figures gatesFigures;
    Pruned pruned;

    NDManager wideManager;
    SlimmableNetwork wide;
    Sgd wideOptimizer;
    ChannelGates gates;
    Sgd gatesOptimizer;
    byte[] teacherClassifier;

    NDManager plainManager;
    Block plain;
    Sgd plainOptimizer;
    DistillationTargets targets;
    Map<String, Double> fineTuneLosses = Map.of();
    double fineTuneSeconds;

    SearchOutcome outcome;

    @Override
    public Map<String, byte[]> sections() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put(STATE, StateJson.write(new Saved(lambda, beta, weightsFigures, gatesFigures, pruned)));
        if (plain != null) {
            sections.put(NETWORK, NetworkParameters.save(plain));
            sections.put(OPTIMIZER, plainOptimizer.encodeState());
            if (targets != null) {
                sections.put(TARGETS, targets.encode());
            }
        } else if (gates != null) {
            sections.put(NETWORK, NetworkParameters.save(wide));
            sections.put(OPTIMIZER, gatesOptimizer.encodeState());
            sections.put(GATES, gates.encode());
            sections.put(TEACHER_CLASSIFIER, teacherClassifier);
        } else {
            sections.put(NETWORK, NetworkParameters.save(wide));
            sections.put(OPTIMIZER, wideOptimizer.encodeState());
        }
        return sections;
    }
}
