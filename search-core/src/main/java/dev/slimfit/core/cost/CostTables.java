package dev.slimfit.core.cost;

import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

/**
 * Exact MAC and parameter tables of a search space, so that MAC or parameter budgets use the same decoders as
 * latency budgets. Entries are whole numbers held in doubles; every network in the built-in spaces stays far
 * below 2^53, so {@link ChainCostTable#cost(int[])} equals {@link NetworkCost} exactly.
 */
public final class CostTables {

    private CostTables() {
    }

    public static ChainCostTable macs(SearchSpace space) {
        return build(space, true);
    }

    public static ChainCostTable params(SearchSpace space) {
        return build(space, false);
    }

    private static ChainCostTable build(SearchSpace space, boolean macs) {
        int layers = space.layerCount();
        double[][][] entries = new double[layers][][];
        for (int i = 0; i < layers; i++) {
            LayerSpec layer = space.layer(i);
            int[] inputWidths = i == 0 ? new int[] {space.inputChannels()} : widths(space.layer(i - 1));
            int[] outputWidths = widths(layer);
            entries[i] = new double[inputWidths.length][outputWidths.length];
            for (int a = 0; a < inputWidths.length; a++) {
                for (int b = 0; b < outputWidths.length; b++) {
                    long cost = macs ? LayerCost.macs(layer, inputWidths[a], outputWidths[b])
                            : LayerCost.params(layer, inputWidths[a], outputWidths[b]);
                    if (i == layers - 1) {
                        cost += macs ? LayerCost.classifierMacs(outputWidths[b], space.classCount())
                                : LayerCost.classifierParams(outputWidths[b], space.classCount());
                    }
                    entries[i][a][b] = cost;
                }
            }
        }
        return ChainCostTable.of(entries, 0);
    }

    private static int[] widths(LayerSpec layer) {
        return layer.widthChoices().stream().mapToInt(Integer::intValue).toArray();
    }
}
