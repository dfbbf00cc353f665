package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * One searchable layer of a slimmable network: its children run in order, and its output width is chosen per
 * forward. DJL's own forward (used only for initialisation and summaries) runs it at its widest.
 */
abstract class SlimStage extends AbstractBlock {

    /** The widest output this stage can produce. */
    abstract int maxOutputWidth();

    /** Runs the stage on {@code input} (whose channel count is the previous width) to {@code outputWidth}. */
    abstract NDArray forward(ParameterStore parameterStore, NDArray input, int outputWidth, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                           PairList<String, Object> params) {
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), maxOutputWidth(), training));
    }

    /** Children are sequential, so each is initialised with the previous one's output shape. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Pair<String, Block> child : getChildren()) {
            child.getValue().initialize(manager, dataType, shapes);
            shapes = child.getValue().getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Pair<String, Block> child : getChildren()) {
            shapes = child.getValue().getOutputShapes(shapes);
        }
        return shapes;
    }
}
