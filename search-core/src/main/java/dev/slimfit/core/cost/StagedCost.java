package dev.slimfit.core.cost;

import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StageSpec;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StemSpec;

import java.util.List;

/**
 * Exact multiply-adds and parameter counts of a configured early-exit network, counted as {@link LayerCost}
 * documents for the chain spaces (convolution and fully connected MACs only; conv weights without bias since
 * batch-norm follows and folds into them, so batch-norm parameters are not counted; classifier weights and biases).
 * Each block and the stem are costed by {@link LayerCost} itself, so a staged network whose stages have depth 1 and
 * a chain with the same layers cost the same.
 *
 * <p>Exits are numbered from 0 like stages: exit {@code k} is the head after stage {@code k}. An early-exit inference
 * that leaves at exit {@code k} has run the stem, stages {@code 0..k} and every head {@code 0..k} (each earlier head
 * was evaluated to decide not to stop there), which is what {@link #cumulativeMacs} counts. Every figure is
 * monotone in resolution, depth, kernel and width, so over a space it is least at
 * {@link StagedSpace#smallest()} and greatest at {@link StagedSpace#largest()}.
 *
 * <p>Every method validates the configuration first and throws
 * {@link dev.slimfit.core.space.staged.InvalidStagedConfigurationException} if it does not belong to the space.
 */
public final class StagedCost {

    /** How far exit shares may sum from 1. */
    public static final double SHARE_SUM_TOLERANCE = 1e-9;

    private StagedCost() {
    }

    /** MACs of the fixed stem convolution; 0 without a stem. */
    public static long stemMacs(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).stemMacs;
    }

    /** Parameters of the fixed stem convolution; 0 without a stem. */
    public static long stemParams(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).stemParams;
    }

    /** MACs of each stage's blocks (exit heads excluded), indexed by stage. */
    public static long[] stageMacs(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).stageMacs.clone();
    }

    /** Parameters of each stage's blocks (exit heads excluded), indexed by stage. */
    public static long[] stageParams(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).stageParams.clone();
    }

    /** MACs of each exit head (the linear classifier; pooling is not counted), indexed by exit. */
    public static long[] headMacs(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).headMacs.clone();
    }

    /** Parameters of each exit head: weights plus one bias per class, indexed by exit. */
    public static long[] headParams(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).headParams.clone();
    }

    /** MACs to leave at exit {@code exitIndex}: the stem, stages {@code 0..exitIndex} and heads {@code 0..exitIndex}. */
    public static long cumulativeMacs(StagedSpace space, StagedConfiguration configuration, int exitIndex) {
        if (exitIndex < 0 || exitIndex >= space.stageCount()) {
            throw new IndexOutOfBoundsException("exit index " + exitIndex + " outside 0.." + (space.stageCount() - 1)
                    + " of staged space " + space.name());
        }
        return breakdown(space, configuration).cumulativeMacs()[exitIndex];
    }

    /** {@link #cumulativeMacs(StagedSpace, StagedConfiguration, int)} for every exit, ascending. */
    public static long[] cumulativeMacs(StagedSpace space, StagedConfiguration configuration) {
        return breakdown(space, configuration).cumulativeMacs();
    }

    /** MACs of an input that leaves at the last exit: the stem, every stage and every head. */
    public static long worstCaseMacs(StagedSpace space, StagedConfiguration configuration) {
        long[] cumulative = breakdown(space, configuration).cumulativeMacs();
        return cumulative[cumulative.length - 1];
    }

    /** Parameters of the whole network: the stem, every stage and every head. */
    public static long totalParams(StagedSpace space, StagedConfiguration configuration) {
        Breakdown b = breakdown(space, configuration);
        return b.stemParams + sum(b.stageParams) + sum(b.headParams);
    }

    /**
     * Expected MACs per input when a share {@code exitShares[k]} of inputs leaves at exit {@code k}:
     * {@code sum_k exitShares[k] * cumulativeMacs(k)}. At most {@link #worstCaseMacs} for any valid shares.
     *
     * @param exitShares one non-negative share per exit, summing to 1 within {@link #SHARE_SUM_TOLERANCE}
     * @throws IllegalArgumentException if the shares are missing, of the wrong length, negative, not finite or do not
     *                                  sum to 1
     */
    public static double averageMacs(StagedSpace space, StagedConfiguration configuration, double[] exitShares) {
        requireShares(space, exitShares);
        long[] cumulative = breakdown(space, configuration).cumulativeMacs();
        double average = 0;
        for (int k = 0; k < cumulative.length; k++) {
            average += exitShares[k] * cumulative[k];
        }
        return average;
    }

    private static void requireShares(StagedSpace space, double[] exitShares) {
        if (exitShares == null) {
            throw new IllegalArgumentException("exit shares are missing: expected " + space.stageCount()
                    + " for staged space " + space.name());
        }
        if (exitShares.length != space.stageCount()) {
            throw new IllegalArgumentException("got " + exitShares.length + " exit shares but staged space "
                    + space.name() + " has " + space.stageCount() + " exits");
        }
        double total = 0;
        for (int k = 0; k < exitShares.length; k++) {
            if (!Double.isFinite(exitShares[k]) || exitShares[k] < 0) {
                throw new IllegalArgumentException("exit share " + k + " must be finite and non-negative, got "
                        + exitShares[k]);
            }
            total += exitShares[k];
        }
        if (Math.abs(total - 1) > SHARE_SUM_TOLERANCE) {
            throw new IllegalArgumentException("exit shares must sum to 1, got " + total);
        }
    }

    private static Breakdown breakdown(StagedSpace space, StagedConfiguration configuration) {
        space.validate(configuration);
        int resolution = configuration.resolution();
        long stemMacs = 0;
        long stemParams = 0;
        StemSpec stem = space.stem();
        if (stem != null) {
            LayerSpec layer = layer(LayerKind.CONV, stem.kernel(), stem.stride(), resolution, stem.width());
            stemMacs = LayerCost.macs(layer, space.inputChannels(), stem.width());
            stemParams = LayerCost.params(layer, space.inputChannels(), stem.width());
        }
        resolution = space.stemOutputResolution(resolution);
        int n = space.stageCount();
        long[] stageMacs = new long[n];
        long[] stageParams = new long[n];
        long[] headMacs = new long[n];
        long[] headParams = new long[n];
        for (int i = 0; i < n; i++) {
            StageSpec stage = space.stage(i);
            StageChoice choice = configuration.stage(i);
            LayerKind kind = switch (stage.blockKind()) {
                case DEPTHWISE_SEPARABLE -> LayerKind.DEPTHWISE_SEPARABLE;
            };
            int inputWidth = space.stageInputWidth(configuration, i);
            for (int block = 0; block < choice.depth(); block++) {
                int stride = block == 0 ? stage.stride() : 1;
                LayerSpec layer = layer(kind, choice.kernel(), stride, resolution, choice.width());
                stageMacs[i] += LayerCost.macs(layer, inputWidth, choice.width());
                stageParams[i] += LayerCost.params(layer, inputWidth, choice.width());
                inputWidth = choice.width();
                resolution = layer.outputResolution();
            }
            headMacs[i] = LayerCost.classifierMacs(choice.width(), space.classCount());
            headParams[i] = LayerCost.classifierParams(choice.width(), space.classCount());
        }
        return new Breakdown(stemMacs, stemParams, stageMacs, stageParams, headMacs, headParams);
    }

    /** A one-off layer for {@link LayerCost}: its costs read only kind, kernel, stride and input resolution. */
    private static LayerSpec layer(LayerKind kind, int kernel, int stride, int inputResolution, int width) {
        return new LayerSpec(kind, kernel, stride, inputResolution, width, List.of(width));
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            total += value;
        }
        return total;
    }

    private record Breakdown(long stemMacs, long stemParams, long[] stageMacs, long[] stageParams, long[] headMacs,
                             long[] headParams) {

        long[] cumulativeMacs() {
            long[] cumulative = new long[stageMacs.length];
            long running = stemMacs;
            for (int k = 0; k < cumulative.length; k++) {
                running += stageMacs[k] + headMacs[k];
                cumulative[k] = running;
            }
            return cumulative;
        }
    }
}
