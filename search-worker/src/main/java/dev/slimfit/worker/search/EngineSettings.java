package dev.slimfit.worker.search;

import dev.slimfit.models.data.FashionMnist;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link DjlSearchEngine} trains; the same for every job a worker runs. Learning rates are for a batch of 128
 * and scale linearly with the job's batch size.
 *
 * @param intraOpThreads        libtorch intra-op threads (process-wide; the CPU's cores by default)
 * @param fashionMnistDirectory where Debian's dataset-fashion-mnist package put the IDX files
 * @param progressInterval      least time between two progress snapshots within an epoch
 * @param learningRate          SGD rate of supernet training and of the uniform baseline, per 128 images
 * @param fineTuneLearningRate  SGD rate of fine-tuning a decoded network (it starts trained), per 128 images
 * @param momentum              SGD momentum
 * @param weightDecay           L2 weight decay of convolution and linear weights (not batch-norm, not biases)
 * @param sampledPerStep        configurations sampled per sandwich step besides the largest and smallest
 * @param evaluationBatchSize   images per inference batch when measuring accuracy
 * @param paretoBudgets         budgets of the Pareto sweep, from the cheapest configuration to the job's budget
 * @param distillationWeight    share of the supernet's largest configuration (the teacher) in the fine-tuning
 *                              targets of a decoded network, in [0, 1]; 0 fine-tunes on hard labels alone
 * @param distillationTemperature softening of the teacher's logits, at least 1
 * @param unaryConfigurations   configurations evaluated on the trained supernet for the unaries the search decodes
 *                              with ({@code UnaryEvaluation}); 0 decodes with the training-time evidence instead
 * @param unaryImages           held-out images each of them is evaluated on
 */
public record EngineSettings(int intraOpThreads, Path fashionMnistDirectory, Duration progressInterval,
                             double learningRate, double fineTuneLearningRate, double momentum, double weightDecay,
                             int sampledPerStep, int evaluationBatchSize, int paretoBudgets,
                             double distillationWeight, double distillationTemperature, int unaryConfigurations,
                             int unaryImages) {

    static final double DISTILLATION_WEIGHT = 0.5;
    static final double DISTILLATION_TEMPERATURE = 1.0;
    static final int UNARY_CONFIGURATIONS = 240;
    static final int UNARY_IMAGES = 1000;

    public EngineSettings {
        if (intraOpThreads <= 0 || sampledPerStep < 0 || evaluationBatchSize <= 0 || paretoBudgets <= 0) {
            throw new IllegalArgumentException("threads, evaluation batch and Pareto budgets must be positive and"
                    + " sampled configurations non-negative");
        }
        if (!(learningRate > 0) || !(fineTuneLearningRate > 0) || !(momentum >= 0 && momentum < 1)
                || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("learning rates must be positive, momentum in [0, 1), decay >= 0");
        }
        if (unaryConfigurations < 0 || unaryImages < 2) {
            throw new IllegalArgumentException("unary configurations must be >= 0 and unary images >= 2, got "
                    + unaryConfigurations + ", " + unaryImages);
        }
        if (!(distillationWeight >= 0 && distillationWeight <= 1) || !(distillationTemperature >= 1)) {
            throw new IllegalArgumentException("distillation weight must be in [0, 1] and temperature >= 1, got "
                    + distillationWeight + ", " + distillationTemperature);
        }
    }

    /**
     * Every core, Debian's Fashion-MNIST, progress every 2 s, SGD (momentum 0.9, decay 5e-5) at 0.2 per 128 images
     * for supernets and baselines (best of 0.05-0.8 on short fmnist-small runs) and 0.1 for fine-tuning, reached
     * after a linear warm-up over the first 10% of its steps (on a 4-epoch fine-tune 0.1-0.2 beat 0.03 by about a
     * point; without the warm-up, 0.1 sometimes undid the supernet's training in a one-epoch fine-tune), 2 sampled
     * configurations per step, 10 Pareto budgets.
     */
    public static EngineSettings defaults() {
        return new EngineSettings(Runtime.getRuntime().availableProcessors(), FashionMnist.DEFAULT_DIRECTORY,
                Duration.ofSeconds(2), 0.2, 0.1, 0.9, 5e-5, 2, 1000, 10, DISTILLATION_WEIGHT, DISTILLATION_TEMPERATURE,
                UNARY_CONFIGURATIONS, UNARY_IMAGES);
    }

    public EngineSettings withDistillation(double weight, double temperature) {
        return new EngineSettings(intraOpThreads, fashionMnistDirectory, progressInterval, learningRate,
                fineTuneLearningRate, momentum, weightDecay, sampledPerStep, evaluationBatchSize, paretoBudgets,
                weight, temperature, unaryConfigurations, unaryImages);
    }

    /** Whether decoded networks are fine-tuned against the supernet teacher's targets. */
    public boolean distills() {
        return distillationWeight > 0;
    }

    public EngineSettings withIntraOpThreads(int threads) {
        return new EngineSettings(threads, fashionMnistDirectory, progressInterval, learningRate,
                fineTuneLearningRate, momentum, weightDecay, sampledPerStep, evaluationBatchSize, paretoBudgets,
                distillationWeight, distillationTemperature, unaryConfigurations, unaryImages);
    }

    public EngineSettings withProgressInterval(Duration interval) {
        return new EngineSettings(intraOpThreads, fashionMnistDirectory, interval, learningRate,
                fineTuneLearningRate, momentum, weightDecay, sampledPerStep, evaluationBatchSize, paretoBudgets,
                distillationWeight, distillationTemperature, unaryConfigurations, unaryImages);
    }

    public EngineSettings withFashionMnistDirectory(Path directory) {
        return new EngineSettings(intraOpThreads, directory, progressInterval, learningRate, fineTuneLearningRate,
                momentum, weightDecay, sampledPerStep, evaluationBatchSize, paretoBudgets, distillationWeight,
                distillationTemperature, unaryConfigurations, unaryImages);
    }

    /** The supernet / baseline rate for {@code batchSize}. */
    public float learningRateFor(int batchSize) {
        return (float) (learningRate * batchSize / 128.0);
    }

    /** The fine-tuning rate for {@code batchSize}. */
    public float fineTuneLearningRateFor(int batchSize) {
        return (float) (fineTuneLearningRate * batchSize / 128.0);
    }
}
