package dev.slimfit.core.decode;

import dev.slimfit.core.cost.ChainCostTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact trade-off curve of a chain problem: every configuration that no other configuration beats on both cost
 * and score, cheapest first (docs/methods/latency-model.md, "Decoders"). Costs rise strictly along the curve and so
 * do scores; the best configuration within any budget is the last point whose cost fits it ({@link #lookup}).
 *
 * <p><b>How it is built.</b> Dynamic programming over Pareto sets: for each (layer, choice) state the set of
 * (cost so far, score so far) pairs of the prefixes ending there, with every dominated pair removed (a pair goes if
 * another has cost {@code <=} and score {@code >=}). A state's set is the merge of its predecessors' sets shifted by
 * the pairwise cost entry and the unary; the last layer's sets, plus the table's offset, merge into the curve.
 * Back-pointers give every point its configuration. There is no resolution parameter and no cap on set sizes.
 *
 * <p><b>Why it is exact, in floating point.</b> Partial costs are summed exactly as {@link ChainCostTable#cost}
 * sums them ({@code 0 + entry_0 + entry_1 + ... }, offset last) and partial scores exactly as
 * {@link ChainProblem#unaryScore} does, so every point's cost and score are bit-for-bit the canonical ones (checked
 * when the curve is built). IEEE addition is monotone ({@code x <= y} implies {@code x + e <= y + e}), so a pair that
 * dominates another at a state still dominates, weakly, after the same completion: dropping it never loses a
 * configuration's (cost, score). Hence for every budget B the curve holds the maximum canonical score over all
 * allowed configurations with canonical cost {@code <= B}, including budgets equal to a configuration's cost.
 *
 * <p><b>Ties.</b> Of pairs with equal cost and equal score the first one merged is kept: states merge their
 * predecessors in ascending choice position, and the curve merges the last layer's choices in ascending position,
 * so among equally good configurations the one with the lower last choice wins, then the lower previous choice, and
 * so on (deterministic; the same problem always gives the same curve).
 *
 * <p>Choices whose unary is -infinity (including unknown widths under {@link UnknownWidthPolicy#exclude()}) never
 * appear. Immutable and thread-safe.
 */
public final class ParetoCurve {

    /**
     * Default bound on the pairs held by all states together (about 20 bytes each). Not a cap on exactness: a
     * build that would pass it fails with {@link TooLargeException} instead of returning a partial curve. A
     * MobileNet-V1 (14 layers x 14 widths) latency or MAC table needs well under 1% of it.
     */
    public static final long DEFAULT_MAX_PAIRS = 20_000_000L;

    private final double[] costs;
    private final double[] scores;
    private final int[][] choices;
    private final double coveredUpTo;
    private final double minimumCost;
    private final double unconstrainedScore;
    private final long pairCount;

    private ParetoCurve(double[] costs, double[] scores, int[][] choices, double coveredUpTo, double minimumCost,
                        double unconstrainedScore, long pairCount) {
        this.costs = costs;
        this.scores = scores;
        this.choices = choices;
        this.coveredUpTo = coveredUpTo;
        this.minimumCost = minimumCost;
        this.unconstrainedScore = unconstrainedScore;
        this.pairCount = pairCount;
    }

    /** The whole curve, from the cheapest configuration to the unconstrained optimum. */
    public static ParetoCurve of(ChainProblem problem) {
        return build(problem, Double.POSITIVE_INFINITY, DEFAULT_MAX_PAIRS);
    }

    /**
     * The curve's points with cost {@code <= maxCost}: exactly the prefix of {@link #of} up to {@code maxCost}, built
     * faster by dropping prefixes that cannot be completed within {@code maxCost} (with a safety margin far above
     * floating-point error, so nothing that could fit is dropped). {@link #lookup} then answers budgets up to
     * {@code maxCost}.
     */
    public static ParetoCurve upTo(ChainProblem problem, double maxCost) {
        return build(problem, maxCost, DEFAULT_MAX_PAIRS);
    }

    /**
     * @param maxPairs bound on the pairs held by all states together
     * @throws TooLargeException when the sets would exceed {@code maxPairs}
     */
    static ParetoCurve build(ChainProblem problem, double maxCost, long maxPairs) {
        if (Double.isNaN(maxCost)) {
            throw new IllegalArgumentException("maxCost must not be NaN");
        }
        ChainCostTable table = problem.cost();
        int layers = problem.layerCount();
        double minimumCost = Viterbi.cheapest(problem).cost();
        double unconstrainedScore = Viterbi.decode(problem, 0).unaryScore();
        double[][] partialLimit = partialLimits(problem, maxCost);

        Pairs[] stored = new Pairs[layers];
        int[][] starts = new int[layers][];
        Pairs work = new Pairs(16);
        Pairs spare = new Pairs(16);
        long held = 0;

        // Layer 0: one pair per allowed choice, summed from 0 like the canonical sums.
        int count = problem.choiceCount(0);
        stored[0] = new Pairs(count);
        starts[0] = new int[count + 1];
        for (int b = 0; b < count; b++) {
            starts[0][b] = stored[0].size;
            double cost = 0.0 + table.entry(0, 0, b);
            if (problem.allowed(0, b) && cost <= partialLimit[0][b]) {
                stored[0].add(cost, 0.0 + problem.unary(0, b), -1);
            }
        }
        starts[0][count] = stored[0].size;
        held += stored[0].size;

        for (int i = 1; i < layers; i++) {
            Pairs previous = stored[i - 1];
            int[] previousStarts = starts[i - 1];
            int inputs = problem.choiceCount(i - 1);
            count = problem.choiceCount(i);
            Pairs layer = new Pairs(Math.max(16, previous.size));
            starts[i] = new int[count + 1];
            for (int b = 0; b < count; b++) {
                starts[i][b] = layer.size;
                if (!problem.allowed(i, b)) {
                    continue;
                }
                double unary = problem.unary(i, b);
                double limit = partialLimit[i][b];
                work.size = 0;
                for (int a = 0; a < inputs; a++) {
                    int from = previousStarts[a];
                    int to = previousStarts[a + 1];
                    if (from == to) {
                        continue;
                    }
                    spare.size = 0;
                    mergeShifted(work, previous, from, to, table.entry(i, a, b), unary, limit, spare);
                    Pairs swap = work;
                    work = spare;
                    spare = swap;
                }
                held += work.size;
                if (held > maxPairs) {
                    throw new TooLargeException("the Pareto sets of this chain exceed " + maxPairs + " pairs (at layer "
                            + i + " of " + layers + ")");
                }
                layer.addAll(work);
            }
            starts[i][count] = layer.size;
            stored[i] = layer;
        }

        // The curve: merge the last layer's sets, each shifted by the offset (added last, as the canonical sum does).
        int last = layers - 1;
        work.size = 0;
        for (int b = 0; b < problem.choiceCount(last); b++) {
            int from = starts[last][b];
            int to = starts[last][b + 1];
            if (from == to) {
                continue;
            }
            spare.size = 0;
            mergeShifted(work, stored[last], from, to, table.offset(), 0.0, Double.POSITIVE_INFINITY, spare);
            Pairs swap = work;
            work = spare;
            spare = swap;
        }
        int size = work.size;
        while (size > 0 && !(work.cost[size - 1] <= maxCost)) {
            size--;
        }
        double[] costs = Arrays.copyOf(work.cost, size);
        double[] scores = Arrays.copyOf(work.score, size);
        int[][] configurations = new int[size][];
        for (int k = 0; k < size; k++) {
            int[] config = new int[layers];
            int index = work.from[k];
            for (int i = last; i >= 0; i--) {
                config[i] = owner(starts[i], index);
                index = stored[i].from[index];
            }
            Decoded check = problem.evaluate(config);
            if (Double.compare(check.cost(), costs[k]) != 0 || Double.compare(check.unaryScore(), scores[k]) != 0) {
                throw new IllegalStateException("curve point " + k + " " + Arrays.toString(config) + " has cost "
                        + costs[k] + " and score " + scores[k] + " but evaluates to " + check);
            }
            configurations[k] = config;
        }
        return new ParetoCurve(costs, scores, configurations, maxCost, minimumCost, unconstrainedScore, held);
    }

    /**
     * {@code limit[i][b]}: the largest partial cost (layers 0..i ending at choice b) that might still complete within
     * {@code maxCost}; +infinity when nothing is bounded. Uses the cheapest completion (min-sum from the back) and
     * a margin of 1e-9 of the magnitudes involved, vastly more than the rounding error of summing a chain, so the
     * bound never drops a prefix whose canonical total could fit.
     */
    private static double[][] partialLimits(ChainProblem problem, double maxCost) {
        ChainCostTable table = problem.cost();
        int layers = problem.layerCount();
        double[][] limits = new double[layers][];
        if (maxCost == Double.POSITIVE_INFINITY) {
            for (int i = 0; i < layers; i++) {
                limits[i] = new double[problem.choiceCount(i)];
                Arrays.fill(limits[i], Double.POSITIVE_INFINITY);
            }
            return limits;
        }
        double magnitude = Math.abs(maxCost) + Math.abs(table.offset());
        for (int i = 0; i < layers; i++) {
            double largest = 0;
            for (int a = 0; a < table.inputChoiceCount(i); a++) {
                for (int b = 0; b < table.choiceCount(i); b++) {
                    largest = Math.max(largest, Math.abs(table.entry(i, a, b)));
                }
            }
            magnitude += largest;
        }
        double margin = 1e-9 * magnitude + Double.MIN_NORMAL;
        // completion[b]: cheapest cost of layers i+1.. (allowed choices only) from choice b at layer i, plus offset.
        double[] completion = new double[problem.choiceCount(layers - 1)];
        Arrays.fill(completion, table.offset());
        for (int i = layers - 1; i >= 0; i--) {
            limits[i] = new double[completion.length];
            for (int b = 0; b < completion.length; b++) {
                limits[i][b] = maxCost + margin - completion[b];
            }
            if (i == 0) {
                break;
            }
            double[] next = new double[problem.choiceCount(i - 1)];
            for (int a = 0; a < next.length; a++) {
                double best = Double.POSITIVE_INFINITY;
                for (int b = 0; b < completion.length; b++) {
                    if (problem.allowed(i, b)) {
                        best = Math.min(best, table.entry(i, a, b) + completion[b]);
                    }
                }
                next[a] = best;
            }
            completion = next;
        }
        return limits;
    }

    /**
     * Merges {@code into} (a Pareto set: costs and scores strictly rising) with {@code source[from, to)} shifted by
     * {@code (costShift, scoreShift)} into {@code out}, keeping only non-dominated pairs. Shifted costs whose value
     * passes {@code limit} are dropped (the source is cost-sorted, so the rest go too). On equal costs
     * {@code into} goes first, so exact ties keep {@code into}'s pair.
     *
     * <p>The last kept score never falls, and both inputs' scores rise, so at any moment the pairs of either input
     * scoring no more than the last kept one form a prefix that {@link Pairs#push} would drop whenever they came:
     * they are skipped by galloping search instead of one by one, and runs of {@code into} that no source pair
     * interleaves are copied in bulk (same result, much less work: most candidates are dominated, and {@code into}
     * is re-merged once per predecessor).
     */
    private static void mergeShifted(Pairs into, Pairs source, int from, int to, double costShift, double scoreShift,
                                     double limit, Pairs out) {
        out.ensure(into.size + (to - from));
        int intoSize = into.size;
        double[] intoCost = into.cost;
        double[] intoScore = into.score;
        double[] sourceCost = source.cost;
        double[] sourceScore = source.score;
        int i = 0;
        int j = from;
        double shiftedCost = 0;
        double shiftedScore = 0;
        boolean sourceLeft = j < to;
        if (sourceLeft) {
            shiftedCost = sourceCost[j] + costShift;
            shiftedScore = sourceScore[j] + scoreShift;
            sourceLeft = shiftedCost <= limit;
        }
        while (true) {
            if (out.size > 0) {
                double kept = out.score[out.size - 1];
                if (i < intoSize && intoScore[i] <= kept) {
                    i = firstAbove(intoScore, i, intoSize, 0.0, kept);
                }
                if (sourceLeft && shiftedScore <= kept) {
                    j = firstAbove(sourceScore, j, to, scoreShift, kept);
                    sourceLeft = j < to;
                    if (sourceLeft) {
                        shiftedCost = sourceCost[j] + costShift;
                        shiftedScore = sourceScore[j] + scoreShift;
                        sourceLeft = shiftedCost <= limit;
                    }
                }
            }
            boolean intoLeft = i < intoSize;
            if (!intoLeft && !sourceLeft) {
                return;
            }
            if (!sourceLeft || (intoLeft && intoCost[i] <= shiftedCost)) {
                // into[i] scores above the last kept pair, so it becomes the last; the rest of into's run up to the
                // source head's cost rises strictly in both from there and extends the set as it is.
                out.push(intoCost[i], intoScore[i], into.from[i]);
                i++;
                int runEnd = !sourceLeft ? intoSize
                        : i < intoSize && intoCost[i] <= shiftedCost ? firstAbove(intoCost, i, intoSize, 0.0, shiftedCost)
                        : i;
                if (runEnd > i) {
                    out.appendRun(into, i, runEnd);
                    i = runEnd;
                }
            } else {
                out.push(shiftedCost, shiftedScore, j);
                j++;
                sourceLeft = j < to;
                if (sourceLeft) {
                    shiftedCost = sourceCost[j] + costShift;
                    shiftedScore = sourceScore[j] + scoreShift;
                    sourceLeft = shiftedCost <= limit;
                }
            }
        }
    }

    /**
     * The first index in {@code [start, end)} whose shifted score {@code scores[k] + shift} exceeds {@code threshold}
     * ({@code end} if none); shifted scores are non-decreasing in k (addition is monotone). Galloping search.
     */
    private static int firstAbove(double[] scores, int start, int end, double shift, double threshold) {
        int low = start;
        int step = 1;
        int high = start + 1;
        while (high < end && scores[high] + shift <= threshold) {
            low = high;
            step <<= 1;
            high = low + step;
        }
        // scores[low] + shift <= threshold; the answer lies in (low, min(high, end)].
        high = Math.min(high, end);
        while (low + 1 < high) {
            int middle = (low + high) >>> 1;
            if (scores[middle] + shift <= threshold) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high;
    }

    /** The choice position whose range {@code [starts[b], starts[b + 1])} holds {@code index}. */
    private static int owner(int[] starts, int index) {
        int low = 0;
        int high = starts.length - 2;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (starts[middle] <= index) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        // Skip empty ranges that start at the same index.
        while (starts[low + 1] <= index) {
            low++;
        }
        return low;
    }

    /** Number of points. */
    public int size() {
        return costs.length;
    }

    public boolean isEmpty() {
        return costs.length == 0;
    }

    /** Canonical cost of point {@code k} (strictly rising with k). */
    public double cost(int k) {
        return costs[k];
    }

    /** Unary score of point {@code k} (strictly rising with k). */
    public double score(int k) {
        return scores[k];
    }

    /** Choice positions of point {@code k}. */
    public int[] choices(int k) {
        return choices[k].clone();
    }

    public Decoded point(int k) {
        return new Decoded(choices[k], scores[k], costs[k]);
    }

    /** All points, cheapest first. */
    public List<Decoded> points() {
        List<Decoded> points = new ArrayList<>(costs.length);
        for (int k = 0; k < costs.length; k++) {
            points.add(point(k));
        }
        return List.copyOf(points);
    }

    /** The cheapest cost of any allowed configuration (also when the curve was built below it and is empty). */
    public double minimumCost() {
        return minimumCost;
    }

    /** The largest budget this curve answers: +infinity for {@link #of}, {@code maxCost} for {@link #upTo}. */
    public double coveredUpTo() {
        return coveredUpTo;
    }

    /** Pairs held by all (layer, choice) states while building: the work the build did. */
    public long pairCount() {
        return pairCount;
    }

    /**
     * Index of the best point within the budget (the last with cost {@code <= budget}), or -1 if none fits.
     *
     * @throws IllegalArgumentException for a budget above {@link #coveredUpTo()}
     */
    public int indexWithin(double budget) {
        if (budget > coveredUpTo) {
            throw new IllegalArgumentException("this curve was built up to cost " + coveredUpTo
                    + " and cannot answer budget " + budget);
        }
        int low = 0;
        int high = costs.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (costs[middle] <= budget) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /**
     * The best configuration with canonical cost {@code <= budget} (binary search). Feasible results carry step cost 0
     * (exact) and multiplier 0 when the unconstrained optimum fits, NaN otherwise (the curve has no Lagrange
     * multiplier); infeasible ones name the cheapest achievable cost.
     *
     * @throws IllegalArgumentException for a budget above {@link #coveredUpTo()}
     */
    public BudgetDecode lookup(double budget) {
        int k = Double.isNaN(budget) ? -1 : indexWithin(budget);
        if (k < 0) {
            return new BudgetDecode.Infeasible(budget, minimumCost);
        }
        double multiplier = scores[k] >= unconstrainedScore ? 0 : Double.NaN;
        return new BudgetDecode.Feasible(point(k), budget, multiplier, 0);
    }

    @Override
    public String toString() {
        return "ParetoCurve[points=" + costs.length + ", cost " + (costs.length == 0 ? "-" : costs[0] + ".."
                + costs[costs.length - 1]) + ", coveredUpTo=" + coveredUpTo + "]";
    }

    /** The Pareto sets of a chain would exceed the pair bound: no curve (never a truncated one) is returned. */
    public static final class TooLargeException extends IllegalStateException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** Growable parallel arrays of (cost, score, back-pointer). */
    private static final class Pairs {
        double[] cost;
        double[] score;
        int[] from;
        int size;

        Pairs(int capacity) {
            cost = new double[capacity];
            score = new double[capacity];
            from = new int[capacity];
        }

        void ensure(int capacity) {
            if (capacity > cost.length) {
                int grown = Math.max(capacity, cost.length * 2);
                cost = Arrays.copyOf(cost, grown);
                score = Arrays.copyOf(score, grown);
                from = Arrays.copyOf(from, grown);
            }
        }

        void add(double c, double s, int f) {
            ensure(size + 1);
            cost[size] = c;
            score[size] = s;
            from[size] = f;
            size++;
        }

        /** Appends {@code other[from, to)} as it is; capacity must already suffice. */
        void appendRun(Pairs other, int from, int to) {
            int length = to - from;
            System.arraycopy(other.cost, from, cost, size, length);
            System.arraycopy(other.score, from, score, size, length);
            System.arraycopy(other.from, from, this.from, size, length);
            size += length;
        }

        void addAll(Pairs other) {
            ensure(size + other.size);
            System.arraycopy(other.cost, 0, cost, size, other.size);
            System.arraycopy(other.score, 0, score, size, other.size);
            System.arraycopy(other.from, 0, from, size, other.size);
            size += other.size;
        }

        /**
         * Appends a pair arriving in non-decreasing cost order, keeping the set non-dominated: a pair no better in
         * score than the last kept one is dropped (on an exact tie the earlier pair stays); a pair with the last
         * one's cost and a higher score replaces it. Capacity must already suffice.
         */
        void push(double c, double s, int f) {
            if (size > 0) {
                if (c == cost[size - 1]) {
                    if (!(s > score[size - 1])) {
                        return;
                    }
                    size--;
                } else if (!(s > score[size - 1])) {
                    return;
                }
            }
            cost[size] = c;
            score[size] = s;
            from[size] = f;
            size++;
        }
    }
}
