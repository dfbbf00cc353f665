package dev.slimfit.core.latency;

import dev.slimfit.core.cost.ChainCostTable;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;

/**
 * A fitted pairwise latency model for one search space on one device: a latency per shared unknown
 * ({@link LatencyCells}) plus a constant offset t0. Also records how many training measurements ran through each
 * unknown, because an unknown never measured holds no evidence: its value comes only from the fit's ridge and
 * monotonicity terms (it is pulled up to its narrower neighbours, otherwise towards 0). Immutable.
 */
public final class LatencyTable {

    private final LatencyCells cells;
    private final double[] latencyMs;
    private final int[] observations;
    private final double offsetMs;
    private final ChainCostTable costTable;

    private LatencyTable(LatencyCells cells, double[] latencyMs, int[] observations, double offsetMs) {
        this.cells = cells;
        this.latencyMs = latencyMs;
        this.observations = observations;
        this.offsetMs = offsetMs;
        this.costTable = expand();
    }

    /**
     * @param latencyMs    one finite latency per unknown of {@code LatencyCells.of(space)}
     * @param observations per unknown, how many training measurements used it (zeros when unknown)
     * @param offsetMs     the model's constant t0 (may be negative: only whole-network sums are identifiable)
     */
    public static LatencyTable of(SearchSpace space, double[] latencyMs, int[] observations, double offsetMs) {
        return of(LatencyCells.of(space), latencyMs, observations, offsetMs);
    }

    public static LatencyTable of(LatencyCells cells, double[] latencyMs, int[] observations, double offsetMs) {
        if (latencyMs.length != cells.unknownCount() || observations.length != cells.unknownCount()) {
            throw new IllegalArgumentException("expected " + cells.unknownCount() + " latencies and observation counts, got "
                    + latencyMs.length + " and " + observations.length);
        }
        for (int id = 0; id < latencyMs.length; id++) {
            if (!Double.isFinite(latencyMs[id]) || observations[id] < 0) {
                throw new IllegalArgumentException("unknown " + id + " (" + cells.unknown(id) + ") has latency "
                        + latencyMs[id] + " and " + observations[id] + " observations");
            }
        }
        if (!Double.isFinite(offsetMs)) {
            throw new IllegalArgumentException("offsetMs must be finite");
        }
        return new LatencyTable(cells, latencyMs.clone(), observations.clone(), offsetMs);
    }

    public SearchSpace space() {
        return cells.space();
    }

    public LatencyCells cells() {
        return cells;
    }

    public double latencyMs(int unknownId) {
        return latencyMs[unknownId];
    }

    public int observations(int unknownId) {
        return observations[unknownId];
    }

    public double[] latenciesMs() {
        return latencyMs.clone();
    }

    public int[] observationCounts() {
        return observations.clone();
    }

    public double offsetMs() {
        return offsetMs;
    }

    /**
     * The same model with every latency (cells and offset) multiplied by {@code factor}: still pairwise additive,
     * so it decodes like any table; predictions scale by exactly {@code factor}.
     */
    public LatencyTable scaled(double factor) {
        return affine(factor, 0);
    }

    /**
     * The same model with every prediction mapped to {@code scale * prediction + shiftMs} (cells scaled, the offset
     * scaled and shifted): still pairwise additive.
     */
    public LatencyTable affine(double scale, double shiftMs) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("a scale factor must be positive and finite, got " + scale);
        }
        if (!Double.isFinite(shiftMs)) {
            throw new IllegalArgumentException("a shift must be finite, got " + shiftMs);
        }
        double[] scaled = latencyMs.clone();
        for (int id = 0; id < scaled.length; id++) {
            scaled[id] *= scale;
        }
        return new LatencyTable(cells, scaled, observations, offsetMs * scale + shiftMs);
    }

    /** Unknowns no training measurement ran through. */
    public int unobservedCount() {
        int count = 0;
        for (int observed : observations) {
            if (observed == 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * Predicted latency of a configuration given as widths.
     *
     * @throws dev.slimfit.core.space.InvalidConfigurationException if the widths do not belong to the space
     */
    public double predictMs(int[] widths) {
        return costTable.cost(ConfigurationValidator.choiceIndices(cells.space(), widths));
    }

    /** Predicted latency of a configuration given as choice positions; the same sum decoders use. */
    public double predictChoicesMs(int[] choices) {
        return costTable.cost(choices);
    }

    /** The chain form for decoders: per layer and (input, output) position, classifier folded into the last layer. */
    public ChainCostTable toCostTable() {
        return costTable;
    }

    private ChainCostTable expand() {
        SearchSpace space = cells.space();
        int layers = space.layerCount();
        double[][][] entries = new double[layers][][];
        for (int i = 0; i < layers; i++) {
            int inputs = i == 0 ? 1 : space.layer(i - 1).widthChoices().size();
            int outputs = space.layer(i).widthChoices().size();
            entries[i] = new double[inputs][outputs];
            for (int a = 0; a < inputs; a++) {
                for (int b = 0; b < outputs; b++) {
                    double value = latencyMs[cells.id(i, a, b)];
                    if (i == layers - 1) {
                        value += latencyMs[cells.classifierId(b)];
                    }
                    entries[i][a][b] = value;
                }
            }
        }
        return ChainCostTable.of(entries, offsetMs);
    }
}
