package dev.slimfit.worker.search.staged;

/**
 * What every exit of one network says about every image of a set: the largest softmax probability (the confidence
 * the exit rule compares with a threshold) and whether that exit's top class is right. Plain Java arrays, so
 * threshold calibration and its tests need no engine.
 *
 * @param confidence {@code [exit][image]} largest softmax probability, in [0, 1]
 * @param correct    {@code [exit][image]} whether the exit's top class is the label
 */
public record ExitScores(float[][] confidence, boolean[][] correct) {

    public ExitScores {
        if (confidence.length == 0 || confidence.length != correct.length) {
            throw new IllegalArgumentException("need the same, positive number of exits in both arrays");
        }
        for (int k = 0; k < confidence.length; k++) {
            if (confidence[k].length != confidence[0].length || correct[k].length != confidence[0].length) {
                throw new IllegalArgumentException("every exit needs a score for every image");
            }
        }
    }

    public int exits() {
        return confidence.length;
    }

    public int images() {
        return confidence[0].length;
    }

    /** Accuracy of exit {@code k} alone (every image answered there). */
    public double exitAccuracy(int k) {
        int right = 0;
        for (boolean c : correct[k]) {
            right += c ? 1 : 0;
        }
        return images() == 0 ? 0 : (double) right / images();
    }
}
