package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A fully connected layer with bias, allocated at its widest; a narrower forward uses the first input features and
 * the first {@code outputUnits} rows of weight and bias. The classifier is one of these with a fixed output.
 */
public final class SlimLinear extends AbstractBlock {

    private final int maxInputFeatures;
    private final int maxOutputUnits;
    private final Parameter weight;
    private final Parameter bias;

    public SlimLinear(int maxInputFeatures, int maxOutputUnits) {
        this.maxInputFeatures = maxInputFeatures;
        this.maxOutputUnits = maxOutputUnits;
        // Same order and shapes as DJL's Linear: weight (units, inputs), then bias (units).
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxOutputUnits, maxInputFeatures)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(maxOutputUnits)).build());
    }

    /** Maps {@code (N, features)} to {@code (N, outputUnits)}. */
    public NDArray forward(ParameterStore parameterStore, NDArray input, int outputUnits, boolean training) {
        long inputFeatures = input.getShape().get(1);
        Widths.requireWithin("input features", inputFeatures, maxInputFeatures);
        Widths.requireWithin("output units", outputUnits, maxOutputUnits);
        NDArray weightSlice = Widths.firstRowsAndColumns(
                parameterStore.getValue(weight, input.getDevice(), training), outputUnits, inputFeatures);
        NDArray biasSlice = Widths.firstRows(parameterStore.getValue(bias, input.getDevice(), training), outputUnits);
        return Linear.linear(input, weightSlice, biasSlice).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return new NDList(forward(parameterStore, inputs.singletonOrThrow(), maxOutputUnits, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), maxOutputUnits)};
    }
}
