package dev.slimfit.core.sample;

import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;

import java.util.Random;

/**
 * AOWS's biased sampler: each call picks the configuration that runs through the most least-measured latency
 * unknowns, by a max-sum Viterbi decode over per-cell scores, so every unknown gets measured after a few hundred
 * configurations instead of the thousands uniform sampling needs for rare cells. Each proposal counts as measured
 * (so a batch can be planned ahead); {@link #record} adds measurements taken elsewhere. Not thread-safe.
 */
public final class CoverageSampler implements ConfigurationSampler {

    /** How a cell's measurement count becomes its score. */
    public enum Scoring {
        /** 1 for cells at the current minimum count, else 0 (AOWS: 0/1 scores). */
        LEAST_SEEN,
        /** {@code 1 / (1 + count)}: also prefers less-seen cells above the minimum. */
        INVERSE_COUNT
    }

    private final LatencyCells cells;
    private final Random random;
    private final Scoring scoring;
    private final int[] counts;

    public CoverageSampler(SearchSpace space, Random random, Scoring scoring) {
        this.cells = LatencyCells.of(space);
        this.random = random;
        this.scoring = scoring;
        this.counts = new int[cells.unknownCount()];
    }

    public CoverageSampler(SearchSpace space, Random random) {
        this(space, random, Scoring.LEAST_SEEN);
    }

    /** Counts an already measured configuration. */
    public void record(int[] widths) {
        for (int id : cells.idsOf(ConfigurationValidator.choiceIndices(cells.space(), widths))) {
            counts[id]++;
        }
    }

    /** How many recorded or proposed configurations ran through an unknown. */
    public int count(int unknownId) {
        return counts[unknownId];
    }

    /** Unknowns not yet covered by any recorded or proposed configuration. */
    public int uncoveredCount() {
        int uncovered = 0;
        for (int count : counts) {
            if (count == 0) {
                uncovered++;
            }
        }
        return uncovered;
    }

    @Override
    public int[] next() {
        int minimum = Integer.MAX_VALUE;
        for (int count : counts) {
            minimum = Math.min(minimum, count);
        }
        int least = minimum;
        int[] choices = scoring == Scoring.LEAST_SEEN
                ? CellScores.bestConfiguration(cells, id -> counts[id] == least ? 1 : 0, random, 1e-3)
                : CellScores.bestConfiguration(cells, id -> 1.0 / (1 + counts[id]), random, 1e-9);
        int[] widths = ConfigurationValidator.widths(cells.space(), choices);
        record(widths);
        return widths;
    }
}
