package dev.slimfit.core.sample;

import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.ConfigurationValidator;
import dev.slimfit.core.space.SearchSpace;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.List;
import java.util.Random;

/**
 * Active sampling for the latency fit: measure next where the current fit is least certain.
 *
 * <p>Criterion: the predictive variance of a configuration's latency under the fit's linear model with a Gaussian
 * prior of precision {@code lambda} on every unknown and on t0, in units of the measurement noise variance:
 * {@code v(c) = m_c^T (lambda I + M^T M)^{-1} m_c}, where {@code m_c} counts the unknowns c runs through (plus 1
 * for t0) and M stacks the configurations measured so far. This is the leverage the configuration would have; it
 * depends only on which configurations were measured, not on their latencies, so a batch can be planned before
 * any result comes back. Picking the maximiser greedily is the classic D-optimal sequential design.
 *
 * <p>Search: v is a quadratic form, not a chain sum, so the maximiser is approximated by (1) a max-sum Viterbi
 * decode over per-unknown variances (the diagonal of the inverse), (2) a pool of uniform candidates, then (3)
 * coordinate ascent from the best of them, trying every width of one layer at a time. The inverse is kept
 * explicitly and updated by Sherman-Morrison after each pick (O(n^2), a few ms for MobileNet's 1,613 unknowns), so
 * evaluating a candidate costs only O((L + 2)^2). Not thread-safe.
 */
public final class ActiveSampler implements ConfigurationSampler {

    private final LatencyCells cells;
    private final Random random;
    private final double priorPrecision;
    private final int candidateCount;
    private final int size;
    /** {@code (lambda I + M^T M)^{-1}}, row-major, symmetric. */
    private final double[] inverse;
    private final double[] gram;

    /**
     * @param priorPrecision lambda > 0: how many noise-free observations the prior is worth per unknown
     * @param candidateCount uniform candidates scored per pick besides the Viterbi one
     */
    public ActiveSampler(SearchSpace space, Random random, double priorPrecision, int candidateCount) {
        if (!(priorPrecision > 0) || candidateCount < 0) {
            throw new IllegalArgumentException("priorPrecision must be positive and candidateCount >= 0");
        }
        this.cells = LatencyCells.of(space);
        this.random = random;
        this.priorPrecision = priorPrecision;
        this.candidateCount = candidateCount;
        this.size = cells.unknownCount() + 1;
        this.inverse = new double[size * size];
        this.gram = new double[size * size];
        for (int j = 0; j < size; j++) {
            inverse[j * size + j] = 1 / priorPrecision;
            gram[j * size + j] = priorPrecision;
        }
    }

    public ActiveSampler(SearchSpace space, Random random) {
        this(space, random, 1.0, 64);
    }

    /** Adds one measured configuration (Sherman-Morrison update of the inverse). */
    public void observe(int[] widths) {
        update(sparse(ConfigurationValidator.choiceIndices(cells.space(), widths)));
    }

    /** Adds many measured configurations; beyond a few, one EJML Cholesky inversion is cheaper than updates. */
    public void observeAll(List<int[]> configurations) {
        if (configurations.size() < size / 8) {
            configurations.forEach(this::observe);
            return;
        }
        for (int[] widths : configurations) {
            Sparse m = sparse(ConfigurationValidator.choiceIndices(cells.space(), widths));
            for (int p = 0; p < m.ids.length; p++) {
                for (int q = 0; q < m.ids.length; q++) {
                    gram[m.ids[p] * size + m.ids[q]] += m.counts[p] * m.counts[q];
                }
            }
        }
        DMatrixRMaj matrix = DMatrixRMaj.wrap(size, size, gram.clone());
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(size);
        if (!solver.setA(matrix)) {
            throw new IllegalStateException("information matrix is not positive definite");
        }
        DMatrixRMaj result = new DMatrixRMaj(size, size);
        solver.invert(result);
        System.arraycopy(result.data, 0, inverse, 0, inverse.length);
    }

    /** The predictive variance (in noise units) of a configuration under the current design. */
    public double predictiveVariance(int[] widths) {
        return variance(sparse(ConfigurationValidator.choiceIndices(cells.space(), widths)));
    }

    @Override
    public int[] next() {
        double[] diagonal = new double[size];
        for (int j = 0; j < size; j++) {
            diagonal[j] = inverse[j * size + j];
        }
        int[] best = CellScores.bestConfiguration(cells, id -> diagonal[id], random, 1e-9 / priorPrecision);
        double bestVariance = variance(sparse(best));
        int[] candidate = new int[best.length];
        for (int n = 0; n < candidateCount; n++) {
            randomChoices(candidate);
            double value = variance(sparse(candidate));
            if (value > bestVariance) {
                bestVariance = value;
                best = candidate.clone();
            }
        }
        best = coordinateAscent(best, bestVariance);
        update(sparse(best));
        return ConfigurationValidator.widths(cells.space(), best);
    }

    /**
     * The most uncertain configuration among those {@code model} predicts within {@code band} (relative) of one of
     * {@code budgetsMs}: measurements spent where decodes under those budgets will land. Falls back to {@link #next()}
     * when none of the candidates lies near a budget (or there are no budgets).
     *
     * @param model the current fit, for the predicted latency of candidates
     * @param band  e.g. 0.1 for within ±10% of a budget
     */
    public int[] nextNear(LatencyTable model, List<Double> budgetsMs, double band) {
        if (budgetsMs.isEmpty()) {
            return next();
        }
        int[] best = null;
        double bestVariance = Double.NEGATIVE_INFINITY;
        int[] candidate = new int[cells.space().layerCount()];
        for (int n = 0; n < 4 * candidateCount; n++) {
            randomChoices(candidate);
            if (!near(model.predictChoicesMs(candidate), budgetsMs, band)) {
                continue;
            }
            double value = variance(sparse(candidate));
            if (value > bestVariance) {
                bestVariance = value;
                best = candidate.clone();
            }
        }
        if (best == null) {
            return next();
        }
        update(sparse(best));
        return ConfigurationValidator.widths(cells.space(), best);
    }

    /** {@code count} configurations near the budgets, each as {@link #nextNear}. */
    public List<int[]> nextNear(LatencyTable model, List<Double> budgetsMs, double band,
                                int count) {
        List<int[]> out = new java.util.ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(nextNear(model, budgetsMs, band));
        }
        return out;
    }

    /** Fills {@code choices} with a uniformly drawn configuration (choice positions). */
    private void randomChoices(int[] choices) {
        for (int i = 0; i < choices.length; i++) {
            choices[i] = random.nextInt(cells.space().layer(i).widthChoices().size());
        }
    }

    private static boolean near(double predicted, List<Double> budgetsMs, double band) {
        for (double budget : budgetsMs) {
            if (Math.abs(predicted - budget) <= band * budget) {
                return true;
            }
        }
        return false;
    }

    private int[] coordinateAscent(int[] start, double startVariance) {
        int[] current = start.clone();
        double currentVariance = startVariance;
        for (int sweep = 0; sweep < 5; sweep++) {
            boolean improved = false;
            for (int i = 0; i < current.length; i++) {
                int original = current[i];
                int bestChoice = original;
                for (int k = 0; k < cells.space().layer(i).widthChoices().size(); k++) {
                    if (k == original) {
                        continue;
                    }
                    current[i] = k;
                    double value = variance(sparse(current));
                    if (value > currentVariance * (1 + 1e-12)) {
                        currentVariance = value;
                        bestChoice = k;
                        improved = true;
                    }
                }
                current[i] = bestChoice;
            }
            if (!improved) {
                break;
            }
        }
        return current;
    }

    /** Unknown ids of a configuration with multiplicities, t0 last. */
    private record Sparse(int[] ids, double[] counts) {
    }

    private Sparse sparse(int[] choices) {
        int[] all = cells.idsOf(choices);
        int[] ids = new int[all.length + 1];
        double[] counts = new double[all.length + 1];
        int distinct = 0;
        for (int id : all) {
            int found = -1;
            for (int p = 0; p < distinct; p++) {
                if (ids[p] == id) {
                    found = p;
                    break;
                }
            }
            if (found >= 0) {
                counts[found]++;
            } else {
                ids[distinct] = id;
                counts[distinct++] = 1;
            }
        }
        ids[distinct] = size - 1;
        counts[distinct++] = 1;
        return new Sparse(java.util.Arrays.copyOf(ids, distinct), java.util.Arrays.copyOf(counts, distinct));
    }

    private double variance(Sparse m) {
        double sum = 0;
        for (int p = 0; p < m.ids.length; p++) {
            int row = m.ids[p] * size;
            double inner = 0;
            for (int q = 0; q < m.ids.length; q++) {
                inner += inverse[row + m.ids[q]] * m.counts[q];
            }
            sum += m.counts[p] * inner;
        }
        return sum;
    }

    private void update(Sparse m) {
        double[] column = new double[size];
        for (int j = 0; j < size; j++) {
            int row = j * size;
            double value = 0;
            for (int q = 0; q < m.ids.length; q++) {
                value += inverse[row + m.ids[q]] * m.counts[q];
            }
            column[j] = value;
        }
        double denominator = 1 + variance(m);
        for (int j = 0; j < size; j++) {
            double scaled = column[j] / denominator;
            if (scaled == 0) {
                continue;
            }
            int row = j * size;
            for (int k = 0; k < size; k++) {
                inverse[row + k] -= scaled * column[k];
            }
        }
        for (int p = 0; p < m.ids.length; p++) {
            for (int q = 0; q < m.ids.length; q++) {
                gram[m.ids[p] * size + m.ids[q]] += m.counts[p] * m.counts[q];
            }
        }
    }
}
