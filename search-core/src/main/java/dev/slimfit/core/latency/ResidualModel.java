package dev.slimfit.core.latency;

import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * What a pairwise table cannot say: a learned correction over the whole configuration, gradient-boosted regression
 * trees (XGBoost) fitted to the table's relative misfit {@code measured / predicted - 1} on its training
 * measurements. The corrected prediction is {@code table(c) * (1 + residual(c))}; the factor is clamped to
 * [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}], so a prediction is never negative and never wild far from the data.
 *
 * <p>Features per configuration: each layer's width as a share of its widest, the table's prediction as a share of
 * the space's widest network, and the network's MACs as a share of the widest's. The trees capture what pairs of
 * adjacent layers cannot: cache sizes crossed by the whole network, SIMD waste that depends on several layers, a
 * runtime that switches kernels with the total work. The loss is pseudo-Huber on the relative residual (a few wild
 * timings cannot steer it), the tree count is chosen by early stopping on a fifth of the training measurements held
 * out, then the model is refitted on all of them with that count. Deterministic for a given seed (one thread).
 *
 * <p>The residual is a correction for ranking and checking configurations near a budget; decoders still need the
 * additive table. It is kept only where it improves the held-out figures ({@link #improves}).
 */
public final class ResidualModel {

    public static final double MIN_FACTOR = 0.2;
    public static final double MAX_FACTOR = 5;
    /** Fewer training measurements than this give no residual (too few to hold any out). */
    public static final int MIN_TRAINING = 40;

    private static final int MAX_ROUNDS = 400;
    private static final int STEP = 10;

    private final SearchSpace space;
    private final LatencyTable table;
    private final Booster booster;
    private final int rounds;

    private ResidualModel(SearchSpace space, LatencyTable table, Booster booster, int rounds) {
        this.space = space;
        this.table = table;
        this.booster = booster;
        this.rounds = rounds;
    }

    /**
     * Fits the residual of {@code table} on {@code training}.
     *
     * @return the model, or empty with fewer than {@link #MIN_TRAINING} measurements
     * @throws UnavailableException when XGBoost cannot run here (no native library for this platform)
     */
    public static Optional<ResidualModel> train(LatencyTable table, List<Measurement> training, long seed) {
        if (training.size() < MIN_TRAINING) {
            return Optional.empty();
        }
        SearchSpace space = table.space();
        List<Measurement> shuffled = new ArrayList<>(training);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        int held = Math.max(8, shuffled.size() / 5);
        try {
            List<Measurement> stopSet = shuffled.subList(0, held);
            DMatrix fit = matrix(table, shuffled.subList(held, shuffled.size()));
            DMatrix stop = matrix(table, stopSet);
            Booster probe = XGBoost.train(fit, parameters(seed), MAX_ROUNDS, new HashMap<>(), null, null);
            int best = bestTreeCount(probe, stop, stopSet, table);
            probe.dispose();
            fit.dispose();
            stop.dispose();
            DMatrix all = matrix(table, shuffled);
            Booster booster = XGBoost.train(all, parameters(seed), best, new HashMap<>(), null, null);
            all.dispose();
            return Optional.of(new ResidualModel(space, table, booster, best));
        } catch (XGBoostError | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new UnavailableException(e);
        }
    }

    /** A model saved with {@link #toBytes} for this table. */
    public static ResidualModel fromBytes(LatencyTable table, byte[] bytes) {
        try {
            Booster booster = XGBoost.loadModel(bytes);
            String rounds = booster.getAttr("slimfit_rounds");
            return new ResidualModel(table.space(), table, booster, rounds == null ? 0 : Integer.parseInt(rounds));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a residual model: " + e.getMessage(), e);
        } catch (XGBoostError | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new UnavailableException(e);
        }
    }

    /** The model in XGBoost's own binary format (UBJSON): what a table stores and a worker loads. */
    public byte[] toBytes() {
        try {
            booster.setAttr("slimfit_rounds", Integer.toString(rounds));
            return booster.toByteArray("ubj");
        } catch (XGBoostError e) {
            throw new UnavailableException(e);
        }
    }

    /** How many trees were kept. */
    public int rounds() {
        return rounds;
    }

    /** The table's prediction times the learned factor. */
    public double predictMs(int[] widths) {
        return table.predictMs(widths) * factor(widths);
    }

    /** The learned factor {@code 1 + residual}, clamped. */
    public double factor(int[] widths) {
        float[] features = features(space, table, widths);
        try {
            DMatrix one = new DMatrix(features, 1, features.length, Float.NaN);
            float[][] predicted = booster.predict(one);
            one.dispose();
            return clamped(predicted[0][0]);
        } catch (XGBoostError e) {
            throw new UnavailableException(e);
        }
    }

    /**
     * Whether the corrected predictions beat the table alone on held-out measurements: lower NRMSE, and no fewer
     * configurations within ±10%.
     */
    public boolean improves(List<Measurement> validation) {
        return improves(FitQuality.evaluate(table, validation), FitQuality.evaluate(this::predictMs, validation));
    }

    /** The same rule on figures already computed: the corrected model's against the table's, on the same networks. */
    public static boolean improves(FitQuality table, FitQuality corrected) {
        return corrected.nrmsePercent() < table.nrmsePercent()
                && corrected.within10PercentShare() >= table.within10PercentShare();
    }

    private static double clamped(double residual) {
        return Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, 1 + residual));
    }

    /**
     * Early stopping by hand (XGBoost4J's own needs Jackson 2 at run time): the tree count, in steps of
     * {@value #STEP}, whose corrected predictions have the least mean absolute relative error on the held-out fifth;
     * the smallest such count on ties.
     */
    private static int bestTreeCount(Booster probe, DMatrix stop, List<Measurement> stopSet, LatencyTable table)
            throws XGBoostError {
        int best = STEP;
        double bestError = Double.POSITIVE_INFINITY;
        for (int trees = STEP; trees <= MAX_ROUNDS; trees += STEP) {
            float[][] residuals = probe.predict(stop, false, trees);
            double error = 0;
            for (int i = 0; i < stopSet.size(); i++) {
                Measurement m = stopSet.get(i);
                double factor = clamped(residuals[i][0]);
                error += Math.abs(table.predictMs(m.widths()) * factor - m.latencyMs()) / m.latencyMs();
            }
            if (error < bestError - 1e-12) {
                bestError = error;
                best = trees;
            }
        }
        return best;
    }

    private static Map<String, Object> parameters(long seed) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "reg:pseudohubererror");
        p.put("huber_slope", 0.05);
        p.put("max_depth", 3);
        p.put("eta", 0.05);
        p.put("subsample", 0.8);
        p.put("min_child_weight", 3);
        p.put("lambda", 1.0);
        p.put("base_score", 0.0);
        p.put("nthread", 1);
        p.put("seed", (int) seed);
        p.put("verbosity", 0);
        return p;
    }

    private static DMatrix matrix(LatencyTable table, List<Measurement> measurements) throws XGBoostError {
        SearchSpace space = table.space();
        int width = featureCount(space);
        float[] x = new float[measurements.size() * width];
        float[] y = new float[measurements.size()];
        for (int i = 0; i < measurements.size(); i++) {
            Measurement m = measurements.get(i);
            System.arraycopy(features(space, table, m.widths()), 0, x, i * width, width);
            double predicted = table.predictMs(m.widths());
            y[i] = (float) (predicted > 0 ? m.latencyMs() / predicted - 1 : 0);
        }
        DMatrix matrix = new DMatrix(x, measurements.size(), width, Float.NaN);
        matrix.setLabel(y);
        return matrix;
    }

    static int featureCount(SearchSpace space) {
        return space.layerCount() + 2;
    }

    static float[] features(SearchSpace space, LatencyTable table, int[] widths) {
        float[] f = new float[featureCount(space)];
        for (int i = 0; i < space.layerCount(); i++) {
            f[i] = (float) widths[i] / space.layer(i).maxWidth();
        }
        double widest = table.predictMs(space.largest());
        f[space.layerCount()] = (float) (widest > 0 ? table.predictMs(widths) / widest : 0);
        f[space.layerCount() + 1] = (float) ((double) NetworkCost.macs(space, widths)
                / NetworkCost.macs(space, space.largest()));
        return f;
    }

    /** XGBoost cannot run on this machine (its native library is missing for the platform) or failed. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(Throwable cause) {
            super("the residual latency model (XGBoost) is unavailable: " + cause.getMessage(), cause);
        }
    }
}
