package dev.slimfit.worker.search.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A block's parameters as bytes in DJL's {@code saveParameters} format (running batch-norm statistics included),
 * and back. Loading replaces each parameter's array, so this closes the replaced arrays and re-enables gradients
 * (DJL's loader does neither); build any {@link ChainNetwork} over the block afterwards.
 */
public final class NetworkParameters {

    private NetworkParameters() {
    }

    public static byte[] save(Block block) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("saving parameters in memory failed", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Loads {@code bytes} into an initialised {@code block}.
     *
     * @throws IllegalStateException if the bytes are not this block's parameters
     */
    public static void load(Block block, byte[] bytes, NDManager manager) {
        List<Parameter> parameters = block.getParameters().values();
        List<NDArray> replaced = parameters.stream().map(Parameter::getArray).toList();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("stored parameters do not fit the network: " + e.getMessage(), e);
        }
        for (Parameter parameter : parameters) {
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
        replaced.forEach(NDArray::close);
    }
}
