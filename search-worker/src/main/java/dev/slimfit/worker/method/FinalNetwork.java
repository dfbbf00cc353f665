package dev.slimfit.worker.method;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.train.Accuracy;
import dev.slimfit.worker.search.train.BatchNormCalibration;

import java.nio.file.Path;
import java.util.Map;

/**
 * The trained plain network a job returns, measured: exact MACs and parameters, cost in the budget's unit,
 * accuracy on the test split (and on validation, for comparison with the supernet proxy), and its artifacts.
 * Batch-norm running statistics are re-estimated first (weights untouched), for every method alike: they are moving
 * averages over a trajectory of changing weights, and after a short run (a few dozen steps) they lag the final
 * weights enough to cost tens of accuracy points in inference mode.
 */
public record FinalNetwork(int[] widths, long macs, long params, double predictedCost, double testAccuracy,
                    double validationAccuracy, Map<String, Path> artifacts) {

    public static FinalNetwork measure(JobContext context, Block plain, ChainNetwork chain, int[] widths,
                                NDManager scratch) {
        SearchSpace space = context.request().space();
        BatchNormCalibration.recalibrate(chain, widths, context.train(), context.batchSize(), context.seed(), scratch);
        int batch = context.evaluationBatchSize();
        double testAccuracy = Accuracy.of(chain, widths, context.test(), batch, scratch);
        double validationAccuracy = Accuracy.of(chain, widths, context.validation(), batch, scratch);
        long macs = NetworkCost.macs(space, widths);
        long params = NetworkCost.params(space, widths);
        double predictedCost = context.request().budget().costTable()
                .cost(ConfigurationValidator.choiceIndices(space, widths));
        Map<String, Path> artifacts = Artifacts.write(context.request(), plain, widths, macs, params, predictedCost,
                testAccuracy);
        return new FinalNetwork(widths.clone(), macs, params, predictedCost, testAccuracy, validationAccuracy,
                artifacts);
    }
}
