package dev.slimfit.worker.search.staged;

import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Average-MAC accounting and threshold calibration, against brute force on small cases. */
class Enas4dCalibrationTest {

    private static final StagedSpace SPACE = StagedSpaces.find("fmnist-stages").orElseThrow();

    @Test
    void theAverageCostIsTheCostOfEachImagesExitCountedOneByOne() {
        Random random = new Random(1);
        StagedConfiguration configuration = SPACE.random(random);
        long[] cumulative = StagedCost.cumulativeMacs(SPACE, configuration);
        ExitScores scores = randomScores(random, 3, 50, 10);
        double[] thresholds = {0.55, 0.75, 0};

        ExitPolicy.Outcome outcome = ExitPolicy.apply(scores, thresholds, cumulative);

        double total = 0;
        int right = 0;
        int[] counts = new int[3];
        for (int i = 0; i < 50; i++) {
            int exit = scores.confidence()[0][i] >= 0.55 ? 0 : scores.confidence()[1][i] >= 0.75 ? 1 : 2;
            counts[exit]++;
            total += cumulative[exit];
            right += scores.correct()[exit][i] ? 1 : 0;
        }
        assertThat(outcome.averageMacs()).isCloseTo(total / 50, within(1e-6));
        assertThat(outcome.correct()).isEqualTo(right);
        for (int k = 0; k < 3; k++) {
            assertThat(outcome.shares()[k]).isCloseTo(counts[k] / 50.0, within(1e-12));
        }
        assertThat(outcome.averageMacs()).isCloseTo(StagedCost.averageMacs(SPACE, configuration, outcome.shares()),
                within(1e-6));
        assertThat(outcome.averageMacs()).isLessThanOrEqualTo(StagedCost.worstCaseMacs(SPACE, configuration));
        // cumulative MACs of exit k: stem + stages 0..k + heads 0..k
        long[] stages = StagedCost.stageMacs(SPACE, configuration);
        long[] heads = StagedCost.headMacs(SPACE, configuration);
        assertThat(cumulative[1]).isEqualTo(StagedCost.stemMacs(SPACE, configuration) + stages[0] + stages[1]
                + heads[0] + heads[1]);
    }

    @Test
    void theDirectSearchFindsTheBruteForceOptimumAndNeverLosesToMsdNet() {
        Random random = new Random(7);
        long[] cumulative = {100, 260, 400};
        int cases = 0;
        int strictlyBetter = 0;
        for (int trial = 0; trial < 40; trial++) {
            ExitScores scores = randomScores(random, 3, 12, 5);
            double budget = 100 + random.nextDouble() * 300;
            Optional<ExitPolicy.Outcome> direct = ThresholdCalibration.direct(scores, cumulative, budget, 0);
            Optional<ExitPolicy.Outcome> msdNet = ThresholdCalibration.msdNet(scores, cumulative, budget, 0);
            ExitPolicy.Outcome brute = bruteForce(scores, cumulative, budget);
            assertThat(direct).isPresent();
            assertThat(msdNet).isPresent();
            assertThat(direct.get().averageMacs()).isLessThanOrEqualTo(budget);
            assertThat(msdNet.get().averageMacs()).isLessThanOrEqualTo(budget);
            assertThat(direct.get().correct()).isEqualTo(brute.correct());
            assertThat(direct.get().correct()).isGreaterThanOrEqualTo(msdNet.get().correct());
            ExitPolicy.Outcome again = ExitPolicy.apply(scores, direct.get().thresholds(), cumulative);
            assertThat(again.correct()).isEqualTo(direct.get().correct());
            assertThat(again.averageMacs()).isEqualTo(direct.get().averageMacs());
            cases++;
            strictlyBetter += direct.get().correct() > msdNet.get().correct() ? 1 : 0;
        }
        assertThat(cases).isEqualTo(40);
        assertThat(strictlyBetter).as("cases where the direct search beat the p-sweep").isPositive();
    }

    @Test
    void noThresholdsMeetABudgetBelowTheFirstExitsCost() {
        ExitScores scores = randomScores(new Random(2), 3, 20, 10);
        long[] cumulative = {100, 260, 400};
        assertThat(ThresholdCalibration.direct(scores, cumulative, 99, 0)).isEmpty();
        assertThat(ThresholdCalibration.msdNet(scores, cumulative, 99, 0)).isEmpty();
        ExitPolicy.Outcome cheapest = ThresholdCalibration.direct(scores, cumulative, 100, 0).orElseThrow();
        assertThat(cheapest.shares()[0]).isEqualTo(1.0);
    }

    @Test
    void theStandardErrorGuardKeepsTheMeanFurtherBelowTheBudget() {
        ExitScores scores = randomScores(new Random(4), 3, 200, 1000);
        long[] cumulative = {100, 260, 400};
        ExitPolicy.Outcome plain = ThresholdCalibration.direct(scores, cumulative, 250, 0).orElseThrow();
        ExitPolicy.Outcome guarded = ThresholdCalibration.direct(scores, cumulative, 250, 2).orElseThrow();
        assertThat(guarded.averageMacs() + 2 * guarded.macsStdError()).isLessThanOrEqualTo(250);
        assertThat(guarded.averageMacs()).isLessThan(plain.averageMacs());
        assertThat(plain.averageMacs()).isLessThanOrEqualTo(250);
    }

    @Test
    void msdNetSharesFollowPowersOfP() {
        int n = 70;
        float[][] confidence = new float[3][n];
        boolean[][] correct = new boolean[3][n];
        Random random = new Random(5);
        for (int k = 0; k < 3; k++) {
            List<Float> distinct = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                distinct.add((i + 1) / (float) (n + 1));
            }
            java.util.Collections.shuffle(distinct, random);
            for (int i = 0; i < n; i++) {
                confidence[k][i] = distinct.get(i);
            }
        }
        ExitScores scores = new ExitScores(confidence, correct);
        double[] thresholds = ThresholdCalibration.msdNetThresholds(scores, 0.5);
        ExitPolicy.Outcome outcome = ExitPolicy.apply(scores, thresholds, new long[] {1, 2, 3});
        // q = 4/7, 2/7, 1/7 of 70 images
        assertThat(outcome.shares()[0]).isCloseTo(40 / 70.0, within(1e-9));
        assertThat(outcome.shares()[1]).isCloseTo(20 / 70.0, within(1e-9));
        assertThat(outcome.shares()[2]).isCloseTo(10 / 70.0, within(1e-9));
    }

    /** Every combination of thresholds from each exit's distinct confidences and "never". */
    private static ExitPolicy.Outcome bruteForce(ExitScores scores, long[] cumulative, double budget) {
        ExitPolicy.Outcome best = null;
        List<Double> first = values(scores.confidence()[0]);
        List<Double> second = values(scores.confidence()[1]);
        for (double t0 : first) {
            for (double t1 : second) {
                ExitPolicy.Outcome outcome = ExitPolicy.apply(scores, new double[] {t0, t1, 0}, cumulative);
                if (outcome.averageMacs() <= budget && (best == null || outcome.correct() > best.correct())) {
                    best = outcome;
                }
            }
        }
        return best;
    }

    private static List<Double> values(float[] confidence) {
        List<Double> values = new ArrayList<>();
        for (float c : confidence) {
            values.add((double) c);
        }
        values.add(2.0);
        return values;
    }

    /**
     * Confidences on a grid of {@code levels} steps (ties included); later exits more often right and more
     * confident, as trained early-exit networks are.
     */
    private static ExitScores randomScores(Random random, int exits, int images, int levels) {
        float[][] confidence = new float[exits][images];
        boolean[][] correct = new boolean[exits][images];
        for (int i = 0; i < images; i++) {
            double difficulty = random.nextDouble();
            for (int k = 0; k < exits; k++) {
                double c = Math.min(1, Math.max(0.1, 1 - difficulty + 0.15 * k + 0.2 * random.nextGaussian()));
                confidence[k][i] = (float) (Math.round(c * levels) / (double) levels);
                correct[k][i] = random.nextDouble() < 0.3 + 0.5 * c;
            }
        }
        return new ExitScores(confidence, correct);
    }
}
