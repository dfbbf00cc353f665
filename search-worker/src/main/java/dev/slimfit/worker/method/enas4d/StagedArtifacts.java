package dev.slimfit.worker.method.enas4d;

import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.method.Artifacts;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.staged.StagedNetwork;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files an ENAS4D job hands to the API, written into its work directory (each to a temporary name, then
 * renamed):
 * <ul>
 *   <li>{@value #ARCHITECTURE}: the space, the per-stage configuration, the exit thresholds (an image leaves at the
 *       first exit whose largest softmax probability reaches its threshold; a threshold above 1 closes that exit;
 *       the last exit always answers), the exit shares and average MACs on the validation and test splits, the
 *       MACs of leaving at each exit and the worst case, and the test accuracy: what inference code needs;</li>
 *   <li>{@value #WEIGHTS}: the fine-tuned plain network's arrays as a DJL {@code NDList} (stem, then each stage's
 *       blocks, each convolution's weight and batch-norm gamma, beta, mean, variance, then each exit head's weight
 *       and bias), in {@code StagedNetwork#arrays()} order.</li>
 * </ul>
 */
final class StagedArtifacts {

    static final String ARCHITECTURE = "architecture.json";
    static final String WEIGHTS = "weights.ndlist";
    static final String FORMAT = "slimfit.staged-architecture.v1";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StagedArtifacts() {
    }

    /** What the architecture file says besides the space and configuration. */
    record Figures(double[] thresholds, double[] validationShares, double validationAverageMacs,
                   double[] testShares, double testAverageMacs, double testAccuracy) {
    }

    static Map<String, Path> write(SearchRequest request, StagedSpace space, StagedConfiguration configuration,
                                   StagedNetwork plain, Figures figures) {
        Map<String, Object> architecture = new LinkedHashMap<>();
        architecture.put("format", FORMAT);
        architecture.put("jobId", request.jobId().toString());
        architecture.put("method", request.method().name());
        architecture.put("space", space.name());
        architecture.put("inputShape", new int[] {space.inputChannels(), configuration.resolution(),
                configuration.resolution()});
        architecture.put("classCount", space.classCount());
        architecture.put("configuration", configuration);
        architecture.put("exitRule", "leave at the first exit whose largest softmax probability is at least its"
                + " threshold; a threshold above 1 closes the exit; the last exit always answers");
        architecture.put("thresholds", figures.thresholds());
        architecture.put("cumulativeMacs", StagedCost.cumulativeMacs(space, configuration));
        architecture.put("worstCaseMacs", StagedCost.worstCaseMacs(space, configuration));
        architecture.put("params", StagedCost.totalParams(space, configuration));
        architecture.put("budgetKind", "AVERAGE_MACS");
        architecture.put("budgetLimit", request.staged().averageMacs());
        architecture.put("validationExitShares", figures.validationShares());
        architecture.put("validationAverageMacs", figures.validationAverageMacs());
        architecture.put("testExitShares", figures.testShares());
        architecture.put("testAverageMacs", figures.testAverageMacs());
        architecture.put("testAccuracy", figures.testAccuracy());
        architecture.put("weightsFormat", "DJL NDList, StagedNetwork.arrays() order");
        Path workDir = request.workDir();
        Path architectureFile = workDir.resolve(ARCHITECTURE);
        Path weightsFile = workDir.resolve(WEIGHTS);
        byte[] json = JSON.writeValueAsBytes(architecture);
        Artifacts.atomically(architectureFile, out -> out.write(json));
        byte[] weights = plain.encode();
        Artifacts.atomically(weightsFile, out -> out.write(weights));
        Map<String, Path> artifacts = new LinkedHashMap<>();
        artifacts.put(ARCHITECTURE, architectureFile);
        artifacts.put(WEIGHTS, weightsFile);
        return artifacts;
    }
}
