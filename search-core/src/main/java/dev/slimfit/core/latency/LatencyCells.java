package dev.slimfit.core.latency;

import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The unknowns of the pairwise latency model {@code T(c) = t0 + sum_i t(key_i, c_{i-1}, c_i) + t(classifier, c_L)}
 * for one search space. A (layer, input position, output position) slot is a <em>chain cell</em>; chain cells with
 * the same {@link LayerKey} and the same input and output widths share one <em>unknown</em> (a {@link LatencyCell}).
 * The classifier is a terminal cell per last width (key {@link LayerRole#CLASSIFIER}, output = class count).
 *
 * <p>Unknown ids run from 0 in order of first appearance (layer by layer, then input, then output position, then
 * the classifier), so the numbering is a pure function of the space.
 */
public final class LatencyCells {

    private final SearchSpace space;
    private final List<LatencyCell> unknowns;
    /** {@code ids[i][a][b]} for chain layers; {@code ids[L][b][0]} for the classifier. */
    private final int[][][] ids;
    private final int chainCellCount;
    private final int[][] monotonePairs;
    private final Map<LatencyCell, Integer> idByCell;

    private LatencyCells(SearchSpace space) {
        this.space = space;
        Map<LatencyCell, Integer> idByCell = new HashMap<>();
        List<LatencyCell> cells = new ArrayList<>();
        int layers = space.layerCount();
        ids = new int[layers + 1][][];
        int slots = 0;
        for (int i = 0; i < layers; i++) {
            LayerSpec layer = space.layer(i);
            List<Integer> inputs = i == 0 ? List.of(space.inputChannels()) : space.layer(i - 1).widthChoices();
            LayerKey key = LayerKey.of(layer, i == 0);
            ids[i] = new int[inputs.size()][layer.widthChoices().size()];
            for (int a = 0; a < inputs.size(); a++) {
                for (int b = 0; b < layer.widthChoices().size(); b++) {
                    ids[i][a][b] = intern(new LatencyCell(key, inputs.get(a), layer.widthChoices().get(b)), idByCell, cells);
                    slots++;
                }
            }
        }
        List<Integer> lastWidths = space.layer(layers - 1).widthChoices();
        ids[layers] = new int[lastWidths.size()][1];
        for (int b = 0; b < lastWidths.size(); b++) {
            ids[layers][b][0] = intern(new LatencyCell(LayerKey.classifier(), lastWidths.get(b), space.classCount()),
                    idByCell, cells);
            slots++;
        }
        this.unknowns = List.copyOf(cells);
        this.chainCellCount = slots;
        this.monotonePairs = buildMonotonePairs(idByCell);
        this.idByCell = Map.copyOf(idByCell);
    }

    public static LatencyCells of(SearchSpace space) {
        return new LatencyCells(space);
    }

    private static int intern(LatencyCell cell, Map<LatencyCell, Integer> idByCell, List<LatencyCell> cells) {
        return idByCell.computeIfAbsent(cell, c -> {
            cells.add(c);
            return cells.size() - 1;
        });
    }

    public SearchSpace space() {
        return space;
    }

    /** Number of shared unknowns (excluding the offset t0): 1,612 for mobilenet-v1-224. */
    public int unknownCount() {
        return unknowns.size();
    }

    /** Number of (layer, input width, output width) slots including the classifier's: 2,396 for mobilenet-v1-224. */
    public int chainCellCount() {
        return chainCellCount;
    }

    public LatencyCell unknown(int id) {
        return unknowns.get(id);
    }

    public List<LatencyCell> unknowns() {
        return unknowns;
    }

    /** The id of an unknown given by its key and widths, if the space has it. */
    public OptionalInt idOf(LatencyCell cell) {
        Integer id = idByCell.get(cell);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The unknown used by chain layer {@code layer} from input position {@code inputChoice} to {@code outputChoice}. */
    public int id(int layer, int inputChoice, int outputChoice) {
        return ids[layer][inputChoice][outputChoice];
    }

    /** The classifier's unknown for the last layer's choice position {@code lastChoice}. */
    public int classifierId(int lastChoice) {
        return ids[space.layerCount()][lastChoice][0];
    }

    /**
     * The unknowns a configuration (choice positions) runs through, one per layer then the classifier's; shared
     * unknowns may repeat, and then count once per occurrence in the design matrix.
     */
    public int[] idsOf(int[] choices) {
        int layers = space.layerCount();
        int[] result = new int[layers + 1];
        int previous = 0;
        for (int i = 0; i < layers; i++) {
            result[i] = ids[i][previous][choices[i]];
            previous = choices[i];
        }
        result[layers] = classifierId(previous);
        return result;
    }

    /**
     * Pairs {@code (narrow, wide)} of unknowns with the same key where {@code wide} is the next wider width present
     * in one dimension (input or output) and the other dimension is equal. A monotone table has
     * {@code t(narrow) <= t(wide)} on every pair; adjacent pairs suffice because the relation is transitive.
     */
    public int[][] monotonePairs() {
        return Arrays.stream(monotonePairs).map(int[]::clone).toArray(int[][]::new);
    }

    int[][] monotonePairsUnsafe() {
        return monotonePairs;
    }

    private int[][] buildMonotonePairs(Map<LatencyCell, Integer> idByCell) {
        // For each (key, fixed other width), the sorted widths present in the varying dimension.
        Map<List<Object>, List<Integer>> byOutput = new HashMap<>();
        Map<List<Object>, List<Integer>> byInput = new HashMap<>();
        for (LatencyCell cell : unknowns) {
            byOutput.computeIfAbsent(List.of(cell.key(), cell.outputWidth()), k -> new ArrayList<>()).add(cell.inputWidth());
            byInput.computeIfAbsent(List.of(cell.key(), cell.inputWidth()), k -> new ArrayList<>()).add(cell.outputWidth());
        }
        List<int[]> pairs = new ArrayList<>();
        for (LatencyCell cell : unknowns) {
            int narrow = idByCell.get(cell);
            Integer widerInput = nextWider(byOutput.get(List.of(cell.key(), cell.outputWidth())), cell.inputWidth());
            if (widerInput != null) {
                pairs.add(new int[] {narrow, idByCell.get(new LatencyCell(cell.key(), widerInput, cell.outputWidth()))});
            }
            Integer widerOutput = nextWider(byInput.get(List.of(cell.key(), cell.inputWidth())), cell.outputWidth());
            if (widerOutput != null) {
                pairs.add(new int[] {narrow, idByCell.get(new LatencyCell(cell.key(), cell.inputWidth(), widerOutput))});
            }
        }
        return pairs.toArray(int[][]::new);
    }

    private static Integer nextWider(List<Integer> widths, int width) {
        Integer best = null;
        for (int candidate : widths) {
            if (candidate > width && (best == null || candidate < best)) {
                best = candidate;
            }
        }
        return best;
    }
}
