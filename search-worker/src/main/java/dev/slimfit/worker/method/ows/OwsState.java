package dev.slimfit.worker.method.ows;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.method.MethodState;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.nn.NetworkParameters;
import dev.slimfit.worker.search.sample.UnaryEvidence;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What OWS/AOWS's phases share. Until the decode the trained network is the slimmable supernet; from the decode on
 * it is the decoded plain network (the supernet is dropped), with the teacher's distillation targets. Checkpoints
 * hold whichever network is current, its optimiser buffers, and the JSON record {@link Saved}.
 */
final class OwsState implements MethodState {

    static final String STATE = "state.json";
    static final String NETWORK = "network";
    static final String OPTIMIZER = "optimizer";
    static final String TARGETS = "targets";

    /**
     * The JSON section.
     *
     * @param evidence the unary evidence gathered while training the supernet
     * @param supernetFigures the supernet phase's losses and timing, once it has ended
     * @param supernet what the decode found (null before the decode)
     */
    record Saved(UnaryEvidence.State evidence, SupernetFigures supernetFigures, SupernetSummary supernet) {
    }

    /** The supernet phase's last-epoch losses, its training seconds and throughput. */
    record SupernetFigures(Map<String, Double> losses, double seconds, double imagesPerSecond) {
    }

    UnaryEvidence evidence;
    SupernetFigures supernetFigures;

    NDManager supernetManager;
    SlimmableNetwork supernet;
    Sgd supernetOptimizer;

    NDManager plainManager;
    Block plain;
    Sgd plainOptimizer;
    SupernetSummary summary;
    DistillationTargets targets;
    Map<String, Double> fineTuneLosses = Map.of();
    double fineTuneSeconds;

    SearchOutcome outcome;

    @Override
    public Map<String, byte[]> sections() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put(STATE, StateJson.write(new Saved(evidence.state(), supernetFigures, summary)));
        if (plain != null) {
            sections.put(NETWORK, NetworkParameters.save(plain));
            sections.put(OPTIMIZER, plainOptimizer.encodeState());
            if (targets != null) {
                sections.put(TARGETS, targets.encode());
            }
        } else {
            sections.put(NETWORK, NetworkParameters.save(supernet));
            sections.put(OPTIMIZER, supernetOptimizer.encodeState());
        }
        return sections;
    }
}
