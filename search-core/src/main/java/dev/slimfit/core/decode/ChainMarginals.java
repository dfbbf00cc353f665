package dev.slimfit.core.decode;

import java.util.Arrays;
import java.util.Random;

/**
 * The Gibbs distribution {@code p(c) ∝ exp((sum_i u_i(c_i) - g * T(c)) / temperature)} on a chain, computed by a
 * log-space forward-backward pass (docs/methods/aows.md: AOWS samples widths from it during training). Holds
 * the per-layer marginals, the log partition function and the forward messages, so whole configurations can be
 * drawn exactly from p (forward filtering, backward sampling), not only layer by layer.
 */
public final class ChainMarginals {

    private final ChainProblem problem;
    private final double multiplier;
    private final double temperature;
    private final double[][] logForward;
    private final double[][] marginals;
    private final double logPartition;

    private ChainMarginals(ChainProblem problem, double multiplier, double temperature) {
        this.problem = problem;
        this.multiplier = multiplier;
        this.temperature = temperature;
        int layers = problem.layerCount();
        logForward = new double[layers][];
        logForward[0] = new double[problem.choiceCount(0)];
        for (int b = 0; b < logForward[0].length; b++) {
            logForward[0][b] = potential(0, 0, b);
        }
        double[] terms = new double[maxChoices(problem)];
        for (int i = 1; i < layers; i++) {
            logForward[i] = new double[problem.choiceCount(i)];
            for (int b = 0; b < logForward[i].length; b++) {
                for (int a = 0; a < logForward[i - 1].length; a++) {
                    terms[a] = logForward[i - 1][a] + potential(i, a, b);
                }
                logForward[i][b] = logSumExp(terms, logForward[i - 1].length);
            }
        }
        double[][] logBackward = new double[layers][];
        logBackward[layers - 1] = new double[problem.choiceCount(layers - 1)];
        for (int i = layers - 2; i >= 0; i--) {
            logBackward[i] = new double[problem.choiceCount(i)];
            for (int a = 0; a < logBackward[i].length; a++) {
                for (int b = 0; b < logBackward[i + 1].length; b++) {
                    terms[b] = potential(i + 1, a, b) + logBackward[i + 1][b];
                }
                logBackward[i][a] = logSumExp(terms, logBackward[i + 1].length);
            }
        }
        double chainLogPartition = logSumExp(logForward[layers - 1], logForward[layers - 1].length);
        marginals = new double[layers][];
        for (int i = 0; i < layers; i++) {
            marginals[i] = new double[problem.choiceCount(i)];
            for (int k = 0; k < marginals[i].length; k++) {
                marginals[i][k] = Math.exp(logForward[i][k] + logBackward[i][k] - chainLogPartition);
            }
        }
        logPartition = chainLogPartition - multiplier * problem.cost().offset() / temperature;
    }

    /**
     * @param multiplier  g >= 0, the latency price (e.g. the current Lagrangian decode's multiplier)
     * @param temperature > 0; AOWS anneals it from 1 down to 5e-4 so sampling concentrates near the decode
     */
    public static ChainMarginals compute(ChainProblem problem, double multiplier, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (!Double.isFinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be finite, got " + multiplier);
        }
        return new ChainMarginals(problem, multiplier, temperature);
    }

    /** {@code p(c_layer = choice)}; each layer's marginals sum to one. */
    public double marginal(int layer, int choice) {
        return marginals[layer][choice];
    }

    public double[][] marginals() {
        return Arrays.stream(marginals).map(double[]::clone).toArray(double[][]::new);
    }

    /** {@code log sum_c exp((sum u - g T(c)) / temperature)}, offset included. */
    public double logPartition() {
        return logPartition;
    }

    /** The exact probability of one configuration. */
    public double probability(int[] choices) {
        Decoded decoded = problem.evaluate(choices);
        return Math.exp((decoded.unaryScore() - multiplier * decoded.cost()) / temperature - logPartition);
    }

    /** Draws a whole configuration from p (backward sampling on the forward messages). */
    public int[] sample(Random random) {
        int layers = problem.layerCount();
        int[] choices = new int[layers];
        choices[layers - 1] = draw(logForward[layers - 1], random);
        double[] conditional = new double[maxChoices(problem)];
        for (int i = layers - 2; i >= 0; i--) {
            int next = choices[i + 1];
            double[] weights = Arrays.copyOf(conditional, logForward[i].length);
            for (int a = 0; a < weights.length; a++) {
                weights[a] = logForward[i][a] + potential(i + 1, a, next);
            }
            choices[i] = draw(weights, random);
        }
        return choices;
    }

    private double potential(int layer, int input, int output) {
        double unary = problem.unary(layer, output);
        if (unary == Double.NEGATIVE_INFINITY) {
            return unary;
        }
        return (unary - multiplier * problem.cost().entry(layer, input, output)) / temperature;
    }

    private static int draw(double[] logWeights, Random random) {
        double normaliser = logSumExp(logWeights, logWeights.length);
        double target = random.nextDouble();
        double cumulative = 0;
        int lastPossible = 0;
        for (int k = 0; k < logWeights.length; k++) {
            if (logWeights[k] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            lastPossible = k;
            cumulative += Math.exp(logWeights[k] - normaliser);
            if (target < cumulative) {
                return k;
            }
        }
        return lastPossible;
    }

    static double logSumExp(double[] values, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < length; k++) {
            max = Math.max(max, values[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int k = 0; k < length; k++) {
            sum += Math.exp(values[k] - max);
        }
        return max + Math.log(sum);
    }

    private static int maxChoices(ChainProblem problem) {
        int max = 0;
        for (int i = 0; i < problem.layerCount(); i++) {
            max = Math.max(max, problem.choiceCount(i));
        }
        return max;
    }
}
