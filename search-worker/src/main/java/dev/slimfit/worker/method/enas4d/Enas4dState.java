package dev.slimfit.worker.method.enas4d;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.worker.method.MethodState;
import dev.slimfit.worker.search.SearchOutcome;
import dev.slimfit.worker.search.checkpoint.StateJson;
import dev.slimfit.worker.search.staged.StagedNetwork;
import dev.slimfit.worker.search.train.DistillationTargets;
import dev.slimfit.worker.search.train.Sgd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ENAS4D's phases share. Until the search ends the network is the weight-shared supernet; from then on it is
 * the chosen configuration's plain network (the supernet is dropped) with the supernet teacher's targets.
 * Checkpoints hold whichever network is current, its optimiser buffers, the targets, and the JSON record
 * {@link Saved}.
 */
final class Enas4dState implements MethodState {

    static final String STATE = "state.json";
    static final String NETWORK = "network";
    static final String OPTIMIZER = "optimizer";
    static final String TARGETS = "targets";

    /**
     * The JSON section.
     *
     * @param supernet  the supernet phase's figures, once it has ended
     * @param search    what the search chose, once it has ended
     * @param fineTune  the fine-tune phase's figures, once it has ended
     */
    record Saved(TrainingFigures supernet, SearchSummary search, TrainingFigures fineTune) {
    }

    /** A training phase's last-epoch losses, seconds and throughput. */
    record TrainingFigures(Map<String, Double> losses, double seconds, double imagesPerSecond) {
    }

    /**
     * The search's choice, scored on the supernet's shared weights.
     *
     * @param configuration           the chosen configuration
     * @param thresholds              its calibrated thresholds (direct search)
     * @param validationAccuracy      accuracy with those thresholds on the search's validation images
     * @param validationAverageMacs   average MACs with them there
     * @param msdNetAccuracy          accuracy of MSDNet's p-sweep calibration on the same images (NaN if infeasible)
     * @param bestByGeneration        best score after each generation
     * @param evaluated               configurations scored
     * @param seconds                 the search's wall time
     */
    record SearchSummary(StagedConfiguration configuration, double[] thresholds, double validationAccuracy,
                         double validationAverageMacs, double msdNetAccuracy, List<Double> bestByGeneration,
                         int evaluated, double seconds) {
    }

    TrainingFigures supernetFigures;
    SearchSummary search;
    TrainingFigures fineTuneFigures;

    NDManager supernetManager;
    StagedNetwork supernet;
    Sgd supernetOptimizer;

    NDManager plainManager;
    StagedNetwork plain;
    Sgd plainOptimizer;
    DistillationTargets targets;

    SearchOutcome outcome;

    @Override
    public Map<String, byte[]> sections() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put(STATE, StateJson.write(new Saved(supernetFigures, search, fineTuneFigures)));
        if (plain != null) {
            sections.put(NETWORK, plain.encode());
            sections.put(OPTIMIZER, plainOptimizer.encodeState());
            if (targets != null) {
                sections.put(TARGETS, targets.encode());
            }
        } else {
            sections.put(NETWORK, supernet.encode());
            sections.put(OPTIMIZER, supernetOptimizer.encodeState());
        }
        return sections;
    }

    /** The supernet is no longer needed once the plain network is out. */
    void dropSupernet() {
        supernet = null;
        supernetOptimizer = null;
        if (supernetManager != null) {
            supernetManager.close();
            supernetManager = null;
        }
    }
}
