package dev.slimfit.worker.search.staged;

/**
 * The early-exit rule and its accounting: an image leaves at the first exit whose confidence reaches that exit's
 * threshold; the last exit always answers. Leaving at exit {@code k} costs {@code cumulativeMacs[k]} (the stem,
 * stages {@code 0..k} and heads {@code 0..k}, as {@code StagedCost.cumulativeMacs} counts), so the average cost is
 * {@code sum_k share_k * cumulativeMacs[k]}. A threshold above 1 ({@link #NEVER}) closes its exit.
 */
public final class ExitPolicy {

    /** A threshold no softmax probability reaches: the exit is never taken. */
    public static final double NEVER = Math.nextUp(1.0);

    private ExitPolicy() {
    }

    /**
     * What the thresholds do on a scored set.
     *
     * @param thresholds   one per exit; the last is ignored (the last exit always answers)
     * @param shares       share of images leaving at each exit
     * @param correct      images answered correctly
     * @param accuracy     {@code correct / images}
     * @param averageMacs  mean MACs per image
     * @param macsStdError standard error of that mean (the per-image cost's standard deviation / sqrt(images))
     */
    public record Outcome(double[] thresholds, double[] shares, int correct, double accuracy, double averageMacs,
                          double macsStdError) {

        /** The mean plus {@code z} standard errors: what a budget is compared with. */
        public double guardedMacs(double z) {
            return averageMacs + z * macsStdError;
        }
    }

    /** The exit each image takes under {@code thresholds}. */
    public static int[] exits(ExitScores scores, double[] thresholds) {
        int n = scores.images();
        int last = scores.exits() - 1;
        int[] exits = new int[n];
        for (int i = 0; i < n; i++) {
            int k = 0;
            while (k < last && scores.confidence()[k][i] < thresholds[k]) {
                k++;
            }
            exits[i] = k;
        }
        return exits;
    }

    public static Outcome apply(ExitScores scores, double[] thresholds, long[] cumulativeMacs) {
        int exitCount = scores.exits();
        if (thresholds.length != exitCount || cumulativeMacs.length != exitCount) {
            throw new IllegalArgumentException("need one threshold and one cumulative cost per exit (" + exitCount
                    + ")");
        }
        int n = scores.images();
        int last = exitCount - 1;
        long[] counts = new long[exitCount];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int k = 0;
            while (k < last && scores.confidence()[k][i] < thresholds[k]) {
                k++;
            }
            counts[k]++;
            correct += scores.correct()[k][i] ? 1 : 0;
        }
        double[] shares = new double[exitCount];
        double mean = 0;
        double meanSquare = 0;
        for (int k = 0; k < exitCount; k++) {
            shares[k] = n == 0 ? (k == last ? 1 : 0) : (double) counts[k] / n;
            mean += shares[k] * cumulativeMacs[k];
            meanSquare += shares[k] * (double) cumulativeMacs[k] * cumulativeMacs[k];
        }
        double variance = Math.max(0, meanSquare - mean * mean);
        double stdError = n <= 1 ? 0 : Math.sqrt(variance * n / (n - 1)) / Math.sqrt(n);
        thresholds = thresholds.clone();
        thresholds[last] = 0;
        return new Outcome(thresholds, shares, correct, n == 0 ? 0 : (double) correct / n, mean, stdError);
    }
}
