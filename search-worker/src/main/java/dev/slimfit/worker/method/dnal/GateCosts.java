package dev.slimfit.worker.method.dnal;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.space.SearchSpace;

/**
 * The job's cost as a smooth function of how many channels each layer keeps, and each layer's marginal cost per
 * channel: what Slimfit's cost-weighted DNAL regulariser presses each gate with.
 * <p>
 * The budget's table ({@link ChainCostTable}: exact MACs or parameters, or the device's fitted latency) is pairwise
 * along the chain, {@code T = offset + sum_i E_i(w_{i-1}, w_i)}, defined on the space's width choices. Here each
 * {@code E_i} is interpolated bilinearly between the choices (and extended linearly beyond the outermost ones), so
 * a layer's expected channel count {@code n_i = sum_j gate_ij} has a cost. MACs and parameters are bilinear in the
 * widths, so for them the interpolation is exact. The marginal cost of a channel of layer {@code i} is
 * {@code dT/dn_i}: its own layer's term and the next layer's, both depending on the neighbours' counts, which is
 * what makes a channel in front of an expensive layer on the device cost more to keep than the plain count says.
 */
final class GateCosts {

    private final SearchSpace space;
    private final ChainCostTable table;

    GateCosts(SearchSpace space, ChainCostTable table) {
        if (table.layerCount() != space.layerCount()) {
            throw new IllegalArgumentException("cost table has " + table.layerCount() + " layers, space "
                    + space.name() + " has " + space.layerCount());
        }
        this.space = space;
        this.table = table;
    }

    /** Cost and marginal costs at expected counts {@code counts} (one per layer). */
    Evaluation at(double[] counts) {
        int layers = space.layerCount();
        double cost = table.offset();
        double[] marginal = new double[layers];
        for (int i = 0; i < layers; i++) {
            double[] inputGrid = i == 0 ? new double[] {space.inputChannels()} : grid(i - 1);
            double input = i == 0 ? space.inputChannels() : counts[i - 1];
            Bilinear term = Bilinear.at(table, i, inputGrid, input, grid(i), counts[i]);
            cost += term.value();
            marginal[i] += term.byOutput();
            if (i > 0) {
                marginal[i - 1] += term.byInput();
            }
        }
        return new Evaluation(cost, marginal);
    }

    private double[] grid(int layer) {
        return space.layer(layer).widthChoices().stream().mapToDouble(Integer::doubleValue).toArray();
    }

    /**
     * @param cost     the interpolated cost in the budget's unit
     * @param marginal per layer, the cost of one more channel (budget unit per channel)
     */
    record Evaluation(double cost, double[] marginal) {
    }

    /** One pairwise term interpolated at (input, output), with its partial derivatives. */
    private record Bilinear(double value, double byInput, double byOutput) {

        static Bilinear at(ChainCostTable table, int layer, double[] inputGrid, double input, double[] outputGrid,
                           double output) {
            Segment a = Segment.of(inputGrid, input);
            Segment b = Segment.of(outputGrid, output);
            double e00 = table.entry(layer, a.low(), b.low());
            double e10 = table.entry(layer, a.high(), b.low());
            double e01 = table.entry(layer, a.low(), b.high());
            double e11 = table.entry(layer, a.high(), b.high());
            double s = a.fraction();
            double t = b.fraction();
            double value = (1 - s) * (1 - t) * e00 + s * (1 - t) * e10 + (1 - s) * t * e01 + s * t * e11;
            double byInput = a.span() == 0 ? 0 : ((1 - t) * (e10 - e00) + t * (e11 - e01)) / a.span();
            double byOutput = b.span() == 0 ? 0 : ((1 - s) * (e01 - e00) + s * (e11 - e10)) / b.span();
            return new Bilinear(value, byInput, byOutput);
        }
    }

    /**
     * Where {@code x} falls on an ascending grid: the two neighbouring points, the fraction between them (below 0
     * or above 1 outside the grid: linear extension), and their distance (0 for a one-point grid).
     */
    private record Segment(int low, int high, double fraction, double span) {

        static Segment of(double[] grid, double x) {
            if (grid.length == 1) {
                return new Segment(0, 0, 0, 0);
            }
            int low = 0;
            while (low < grid.length - 2 && x > grid[low + 1]) {
                low++;
            }
            double span = grid[low + 1] - grid[low];
            return new Segment(low, low + 1, (x - grid[low]) / span, span);
        }
    }
}
