package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Batch-norm over the channel axis whose scale, shift and running statistics are shared by every width (AOWS): a
 * width-c forward uses, and in training updates, the first c entries. Shared statistics are the published AOWS
 * choice; they make narrow sub-networks see statistics partly gathered at other widths, which is why a decoded
 * network is fine-tuned (or its statistics recalibrated) before its accuracy is reported.
 * <p>
 * Hyper-parameters match DJL's {@link BatchNorm} defaults (epsilon 1e-5, momentum 0.9 in DJL's convention) so that
 * a plain network loaded with these values computes the same function.
 */
public final class SlimBatchNorm extends AbstractBlock {

    private static final float EPSILON = 1e-5f;
    private static final float MOMENTUM = 0.9f;

    private final int maxChannels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    public SlimBatchNorm(int maxChannels) {
        this.maxChannels = maxChannels;
        Shape shape = new Shape(maxChannels);
        // Same order as DJL's BatchNorm, which SlimmableNetwork#toPlain relies on.
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(shape)
                .build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(shape)
                .build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optShape(shape).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optShape(shape).optRequiresGrad(false).build());
    }

    /** Normalises {@code input} over its current channel count. */
    public NDArray forward(ParameterStore parameterStore, NDArray input, boolean training) {
        long channels = input.getShape().get(1);
        Widths.requireWithin("batch-norm channels", channels, maxChannels);
        NDArray gammaSlice = Widths.firstRows(parameterStore.getValue(gamma, input.getDevice(), training), channels);
        NDArray betaSlice = Widths.firstRows(parameterStore.getValue(beta, input.getDevice(), training), channels);
        NDArray meanSlice = Widths.firstRows(parameterStore.getValue(runningMean, input.getDevice(), training),
                channels);
        NDArray varSlice = Widths.firstRows(parameterStore.getValue(runningVar, input.getDevice(), training),
                channels);
        return BatchNorm.batchNorm(input, meanSlice, varSlice, gammaSlice, betaSlice, 1, MOMENTUM, EPSILON, training)
                .singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
