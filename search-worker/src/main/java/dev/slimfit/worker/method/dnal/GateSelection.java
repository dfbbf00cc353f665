package dev.slimfit.worker.method.dnal;

import dev.slimfit.core.space.LayerSpec;
import dev.slimfit.core.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * From learned gates to widths, on the host: which channels are open, how many each layer keeps once rounded onto
 * the space's width choices, in which order channels are kept (most open first, so that a width of {@code k} keeps
 * the {@code k} most open channels, not the first {@code k}), and the gates as unaries for the exact budget decode
 * when the rounded widths miss the budget.
 * <p>
 * Two views of a gate parameter {@code a} are used: the sharp gate {@code sigmoid(beta * a)} the network ran with
 * (thresholded at {@link #KEEP_THRESHOLD}, as DNAL keeps a channel) and the soft score {@code sigmoid(a)} the
 * regulariser pressed (graded where the sharp gate has saturated to 0 or 1, so it ranks channels and widths).
 */
final class GateSelection {

    /** DNAL keeps a channel whose gate exceeds this. */
    static final double KEEP_THRESHOLD = 0.9;

    private GateSelection() {
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Channels per layer whose sharp gate exceeds {@link #KEEP_THRESHOLD}. */
    static int[] openCounts(double[][] parameters, double beta) {
        int[] open = new int[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            for (double a : parameters[i]) {
                if (sigmoid(beta * a) > KEEP_THRESHOLD) {
                    open[i]++;
                }
            }
        }
        return open;
    }

    /** The expected channel count of each layer under the sharp gates: the sum of its gates. */
    static double[] expectedCounts(double[][] parameters, double beta) {
        double[] counts = new double[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            for (double a : parameters[i]) {
                counts[i] += sigmoid(beta * a);
            }
        }
        return counts;
    }

    /**
     * Each layer's count rounded to the nearest of its width choices (a tie goes to the wider), never below the
     * narrowest.
     */
    static int[] rounded(SearchSpace space, int[] counts) {
        int[] widths = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            List<Integer> choices = space.layer(i).widthChoices();
            int best = choices.get(0);
            for (int choice : choices) {
                if (Math.abs(choice - counts[i]) <= Math.abs(best - counts[i])) {
                    best = choice;
                }
            }
            widths[i] = best;
        }
        return widths;
    }

    /**
     * The open counts scaled by {@code factor} (at least one channel each before scaling), each rounded to its
     * nearest width choice: the gates' shape of the network, grown or shrunk as a whole.
     */
    static int[] scaled(SearchSpace space, int[] open, double factor) {
        int[] counts = new int[open.length];
        for (int i = 0; i < open.length; i++) {
            counts[i] = (int) Math.round(Math.max(1, open[i]) * factor);
        }
        return rounded(space, counts);
    }

    /** Channel indices of one layer, most open first (highest parameter; ties by index). */
    static int[] order(double[] layerParameters) {
        return IntStream.range(0, layerParameters.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> -layerParameters[j]).thenComparing(j -> j))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * Unaries for the exact budget decode: for each layer and width choice {@code w}, the soft scores of the
     * {@code w} most open channels summed. Every channel adds a positive score, so the decode spends the budget,
     * and it spends it on the channels the gates valued most.
     */
    static double[][] unaries(SearchSpace space, double[][] parameters) {
        double[][] unaries = new double[space.layerCount()][];
        for (int i = 0; i < space.layerCount(); i++) {
            LayerSpec layer = space.layer(i);
            double[] own = parameters[i];
            double[] sorted = IntStream.of(order(own)).mapToDouble(j -> sigmoid(own[j])).toArray();
            double[] prefix = new double[sorted.length + 1];
            for (int j = 0; j < sorted.length; j++) {
                prefix[j + 1] = prefix[j] + sorted[j];
            }
            unaries[i] = layer.widthChoices().stream().mapToDouble(w -> prefix[Math.min(w, sorted.length)])
                    .toArray();
        }
        return unaries;
    }

    /** Counts of sharp gate values in ten equal bins over [0, 1] per layer, lowest bin first. */
    static List<List<Integer>> histograms(double[][] parameters, double beta) {
        List<List<Integer>> histograms = new ArrayList<>();
        for (double[] layer : parameters) {
            int[] bins = new int[10];
            for (double a : layer) {
                bins[Math.min(9, (int) Math.floor(sigmoid(beta * a) * 10))]++;
            }
            histograms.add(IntStream.of(bins).boxed().toList());
        }
        return histograms;
    }
}
