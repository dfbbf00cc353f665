package dev.slimfit.models.slimmable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import java.util.List;

/** Copies leading-channel slices of a supernet's parameters into a plain network's parameters, in order. */
final class PlainWeights {

    private PlainWeights() {
    }

    static void copyLeadingSlices(Block supernet, Block plain) {
        List<Parameter> sources = supernet.getParameters().values();
        List<Parameter> targets = plain.getParameters().values();
        if (sources.size() != targets.size()) {
            throw new IllegalStateException("supernet has " + sources.size() + " parameters but the plain network has "
                    + targets.size() + "; their layer structures differ");
        }
        for (int i = 0; i < sources.size(); i++) {
            Parameter source = sources.get(i);
            Parameter target = targets.get(i);
            if (source.getType() != target.getType()) {
                throw new IllegalStateException("parameter " + i + " is " + source.getType() + " in the supernet but "
                        + target.getType() + " in the plain network");
            }
            NDArray targetArray = target.getArray();
            NDArray slice = leading(source.getArray(), targetArray.getShape());
            // Through a host copy: DJL's buffer-based copy may alias a contiguous source's memory.
            targetArray.set(slice.toFloatArray());
        }
    }

    private static NDArray leading(NDArray full, Shape shape) {
        Shape fullShape = full.getShape();
        if (fullShape.dimension() != shape.dimension()) {
            throw new IllegalStateException("cannot slice " + fullShape + " to " + shape);
        }
        StringBuilder index = new StringBuilder();
        Object[] ends = new Object[shape.dimension()];
        for (int axis = 0; axis < shape.dimension(); axis++) {
            if (shape.get(axis) > fullShape.get(axis)) {
                throw new IllegalStateException("cannot slice " + fullShape + " to " + shape);
            }
            index.append(axis == 0 ? ":{}" : ", :{}");
            ends[axis] = shape.get(axis);
        }
        return full.get(new NDIndex(index.toString(), ends));
    }
}
