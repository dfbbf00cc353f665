package dev.slimfit.worker.search.sample;

import dev.slimfit.core.space.SearchSpace;

import java.util.Arrays;

/**
 * Unary scores learned from training (docs/methods/aows.md): each sampled configuration credits every layer's
 * chosen width with {@code -(loss_sampled - loss_largest) / L}, and a width's unary is its mean credit over a recent
 * window of samples (AOWS), so early, less trained evidence ages out.
 * <p>
 * A width with no sample in the window but older evidence (AOWS concentrates late sampling near the budget, so
 * widths far from it go stale) falls back to its lifetime mean, capped at the worst window mean of its layer: loss
 * gaps grow as the supernet trains, so early evidence looks better than it is and, uncapped, a width seen only
 * early would outrank every width seen recently. A width never sampled is NaN: unknown, not zero; decoders resolve
 * it with an explicit {@code UnknownWidthPolicy}.
 * Indices are choice positions. Not thread-safe.
 */
public final class UnaryEvidence {

    private final int[] choiceCounts;
    private final int capacity;
    private final int[][] windowChoices;
    private final double[] windowCredits;
    private int oldest;
    private int size;
    private final double[][] windowSums;
    private final int[][] windowCounts;
    private final double[][] lifetimeSums;
    private final long[][] lifetimeCounts;

    /** @param windowSamples how many recent samples the window holds (e.g. one epoch of sampled configurations) */
    public UnaryEvidence(SearchSpace space, int windowSamples) {
        if (windowSamples <= 0) {
            throw new IllegalArgumentException("window must hold at least one sample, got " + windowSamples);
        }
        choiceCounts = space.layers().stream().mapToInt(layer -> layer.widthChoices().size()).toArray();
        capacity = windowSamples;
        windowChoices = new int[capacity][];
        windowCredits = new double[capacity];
        windowSums = perChoiceDoubles();
        windowCounts = new int[choiceCounts.length][];
        lifetimeSums = perChoiceDoubles();
        lifetimeCounts = new long[choiceCounts.length][];
        for (int i = 0; i < choiceCounts.length; i++) {
            windowCounts[i] = new int[choiceCounts[i]];
            lifetimeCounts[i] = new long[choiceCounts[i]];
        }
    }

    private double[][] perChoiceDoubles() {
        double[][] values = new double[choiceCounts.length][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new double[choiceCounts[i]];
        }
        return values;
    }

    /** Credits configuration {@code choices} with the loss gap of one step. */
    public void record(int[] choices, double sampledLoss, double largestLoss) {
        if (!Double.isFinite(sampledLoss) || !Double.isFinite(largestLoss)) {
            return;
        }
        double credit = -(sampledLoss - largestLoss) / choices.length;
        if (size == capacity) {
            evictOldest();
        }
        int slot = (oldest + size) % capacity;
        windowChoices[slot] = choices.clone();
        windowCredits[slot] = credit;
        size++;
        for (int i = 0; i < choices.length; i++) {
            windowSums[i][choices[i]] += credit;
            windowCounts[i][choices[i]]++;
            lifetimeSums[i][choices[i]] += credit;
            lifetimeCounts[i][choices[i]]++;
        }
    }

    private void evictOldest() {
        int[] choices = windowChoices[oldest];
        for (int i = 0; i < choices.length; i++) {
            windowSums[i][choices[i]] -= windowCredits[oldest];
            windowCounts[i][choices[i]]--;
        }
        windowChoices[oldest] = null;
        oldest = (oldest + 1) % capacity;
        size--;
    }

    /**
     * Per layer and choice position: the window mean; else the lifetime mean capped at the layer's worst window
     * mean; else NaN.
     */
    public double[][] unaries() {
        double[][] unaries = new double[choiceCounts.length][];
        for (int i = 0; i < unaries.length; i++) {
            unaries[i] = new double[choiceCounts[i]];
            double worstRecent = Double.POSITIVE_INFINITY;
            for (int k = 0; k < choiceCounts[i]; k++) {
                if (windowCounts[i][k] > 0) {
                    unaries[i][k] = windowSums[i][k] / windowCounts[i][k];
                    worstRecent = Math.min(worstRecent, unaries[i][k]);
                }
            }
            for (int k = 0; k < choiceCounts[i]; k++) {
                if (windowCounts[i][k] == 0) {
                    unaries[i][k] = lifetimeCounts[i][k] > 0
                            ? Math.min(lifetimeSums[i][k] / lifetimeCounts[i][k], worstRecent) : Double.NaN;
                }
            }
        }
        return unaries;
    }

    /** Whether any width has evidence yet. */
    public boolean isEmpty() {
        return size == 0 && Arrays.stream(lifetimeCounts).flatMapToLong(Arrays::stream).allMatch(c -> c == 0);
    }

    /** Samples per layer and choice position over the whole run. */
    public long[][] sampleCounts() {
        return Arrays.stream(lifetimeCounts).map(long[]::clone).toArray(long[][]::new);
    }

    /** Everything needed to continue exactly: the window oldest first, and the lifetime sums. */
    public State state() {
        int[][] choices = new int[size][];
        double[] credits = new double[size];
        for (int n = 0; n < size; n++) {
            int slot = (oldest + n) % capacity;
            choices[n] = windowChoices[slot].clone();
            credits[n] = windowCredits[slot];
        }
        return new State(capacity, choices, credits,
                Arrays.stream(lifetimeSums).map(double[]::clone).toArray(double[][]::new), sampleCounts());
    }

    /**
     * Rebuilds evidence from a checkpoint; window sums are recomputed from the samples, so they carry no rounding
     * drift across restarts.
     *
     * @throws IllegalStateException if the state does not fit {@code space}
     */
    public static UnaryEvidence restore(SearchSpace space, State state) {
        UnaryEvidence evidence = new UnaryEvidence(space, state.capacity());
        if (state.lifetimeSums().length != evidence.choiceCounts.length) {
            throw new IllegalStateException("checkpoint unaries have " + state.lifetimeSums().length
                    + " layers, the space has " + evidence.choiceCounts.length);
        }
        for (int n = 0; n < state.windowChoices().length; n++) {
            int[] choices = state.windowChoices()[n];
            double credit = state.windowCredits()[n];
            int slot = evidence.size++;
            evidence.windowChoices[slot] = choices.clone();
            evidence.windowCredits[slot] = credit;
            for (int i = 0; i < choices.length; i++) {
                evidence.windowSums[i][choices[i]] += credit;
                evidence.windowCounts[i][choices[i]]++;
            }
        }
        for (int i = 0; i < evidence.choiceCounts.length; i++) {
            if (state.lifetimeSums()[i].length != evidence.choiceCounts[i]) {
                throw new IllegalStateException("checkpoint unaries of layer " + i + " have "
                        + state.lifetimeSums()[i].length + " choices, the space has " + evidence.choiceCounts[i]);
            }
            evidence.lifetimeSums[i] = state.lifetimeSums()[i].clone();
            evidence.lifetimeCounts[i] = state.lifetimeCounts()[i].clone();
        }
        return evidence;
    }

    /**
     * Serializable form.
     *
     * @param capacity       window size in samples
     * @param windowChoices  the window's samples (choice positions), oldest first
     * @param windowCredits  their credits
     * @param lifetimeSums   credit sums over the whole run, per layer and choice
     * @param lifetimeCounts sample counts over the whole run, per layer and choice
     */
    public record State(int capacity, int[][] windowChoices, double[] windowCredits, double[][] lifetimeSums,
                        long[][] lifetimeCounts) {
    }
}
