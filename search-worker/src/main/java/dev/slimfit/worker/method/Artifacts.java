package dev.slimfit.worker.method;

import ai.djl.nn.Block;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.core.decode.WidthDecoder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files a job hands to the API, written into its work directory (each to a temporary name, then renamed):
 * <ul>
 *   <li>{@value #ARCHITECTURE}: what to build (space, widths, input shape) and what it costs;</li>
 *   <li>{@value #WEIGHTS}: the trained plain network's parameters, DJL {@code Block.saveParameters} format; load
 *       them into {@code NetworkBuilder.build(space, widths)} initialised for the space's input shape.</li>
 * </ul>
 */
public final class Artifacts {

    static final String ARCHITECTURE = "architecture.json";
    static final String WEIGHTS = "weights.params";
    static final String FORMAT = "slimfit.architecture.v1";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Artifacts() {
    }

    public static Map<String, Path> write(SearchRequest request, Block plain, int[] widths, long macs, long params,
                                   double predictedCost, double testAccuracy) {
        Map<String, Object> architecture = new LinkedHashMap<>();
        architecture.put("format", FORMAT);
        architecture.put("jobId", request.jobId().toString());
        architecture.put("method", request.method().name());
        architecture.put("space", request.space().name());
        architecture.put("inputShape", new int[] {request.space().inputChannels(), request.space().inputResolution(),
                request.space().inputResolution()});
        architecture.put("classCount", request.space().classCount());
        architecture.put("widths", Arrays.stream(widths).boxed().toList());
        architecture.put("macs", macs);
        architecture.put("params", params);
        architecture.put("predictedCost", predictedCost);
        architecture.put("budgetKind", request.budget().kind().name());
        architecture.put("budgetLimit", request.budget().limit());
        architecture.put("budgetUnit", WidthDecoder.unit(request.budget().kind()));
        architecture.put("testAccuracy", testAccuracy);
        Path workDir = request.workDir();
        Path architectureFile = workDir.resolve(ARCHITECTURE);
        Path weightsFile = workDir.resolve(WEIGHTS);
        atomically(architectureFile, out -> out.write(JSON.writeValueAsBytes(architecture)));
        atomically(weightsFile, out -> {
            DataOutputStream data = new DataOutputStream(out);
            plain.saveParameters(data);
            data.flush();
        });
        Map<String, Path> artifacts = new LinkedHashMap<>();
        artifacts.put(ARCHITECTURE, architectureFile);
        artifacts.put(WEIGHTS, weightsFile);
        return artifacts;
    }

    /** Writes an artifact's bytes. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary sibling moved into place, so that an upload never reads a half
     * written artifact (every method's artifacts are written this way).
     */
    public static void atomically(Path target, Writer writer) {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writer.write(out);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + target, e);
        }
    }
}
