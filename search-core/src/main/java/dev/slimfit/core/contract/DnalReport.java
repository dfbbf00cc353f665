package dev.slimfit.core.contract;

import java.util.List;

/**
 * What a DNAL search learned, beside the network it returns: where the gates ended, the regulariser weight it
 * landed on, and how the final widths were reached.
 *
 * @param lambda          the regulariser weight at the end of the gates phase (steered toward the budget)
 * @param beta            the gate sharpness of the last gates epoch
 * @param landing         how the widths were chosen: {@code "thresholded"} (the open gates, rounded onto the
 *                        space's widths, already spent 97-100% of the budget), {@code "scaled"} (the open counts
 *                        grown or shrunk by one common factor, then rounded, to spend 97-100%) or {@code "decoded"}
 *                        (the gate values became unaries and the exact budget decode chose the widths)
 * @param thresholdedCost the cost of the open gates rounded onto the space's widths, in the budget's unit
 * @param budgetUsed      the returned network's cost over the budget (at most 1)
 * @param layers          per layer, the gate distribution and the widths
 */
public record DnalReport(double lambda, double beta, String landing, double thresholdedCost, double budgetUsed,
                         List<GateLayer> layers) {

    public DnalReport {
        layers = List.copyOf(layers);
    }

    /**
     * One layer's gates at the end of the gates phase.
     *
     * @param layer     zero-based layer index
     * @param channels  channels of the layer at its widest (one gate each)
     * @param open      channels whose gate exceeds the keep threshold
     * @param width     the width returned (one of the space's choices; the kept channels are the most open ones)
     * @param histogram counts of gate values in ten equal bins over [0, 1], lowest bin first
     */
    public record GateLayer(int layer, int channels, int open, int width, List<Integer> histogram) {

        public GateLayer {
            histogram = List.copyOf(histogram);
        }
    }
}
