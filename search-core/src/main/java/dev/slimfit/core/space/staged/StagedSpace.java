package dev.slimfit.core.space.staged;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A multi-stage search space for early-exit networks: an optional fixed stem, then {@code stages} each choosing a
 * depth, kernel and width (see {@link StageSpec} for the weight-sharing semantics), each followed by an exit head,
 * and an input resolution chosen from {@code resolutionChoices}. At least three stages, because a space with one or
 * two exits has nothing to trade between early and late exits.
 *
 * <p>Resolution flows as in the chain spaces: "same" padding and ceil(input / stride), first through the stem's
 * stride and then through each stage's first block. Stage {@code i}'s first block reads the previous stage's width
 * (the stem's width, or the input channels without a stem, for stage 0).
 *
 * @param name              unique name, distinct from the chain spaces' names
 * @param description       one human-readable sentence or two
 * @param inputChannels     channels of the input image (1 grey, 3 colour)
 * @param classCount        outputs of every exit head
 * @param resolutionChoices allowed input resolutions (square), ascending, distinct, positive
 * @param stem              the fixed first convolution, or {@code null} for none
 * @param stages            the searchable stages, at least three
 */
public record StagedSpace(String name, String description, int inputChannels, int classCount,
                          List<Integer> resolutionChoices, StemSpec stem, List<StageSpec> stages) {

    /** Fewest stages a staged space may have. */
    public static final int MIN_STAGES = 3;

    public StagedSpace {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("staged space needs a name");
        }
        if (inputChannels <= 0 || classCount <= 0) {
            throw new IllegalArgumentException("staged space " + name + " needs positive input channels and class"
                    + " count, got " + inputChannels + " and " + classCount);
        }
        resolutionChoices = Choices.ascending("resolution choices of staged space " + name, resolutionChoices);
        if (stages == null || stages.size() < MIN_STAGES) {
            throw new IllegalArgumentException("staged space " + name + " needs at least " + MIN_STAGES
                    + " stages, got " + (stages == null ? 0 : stages.size()));
        }
        stages = List.copyOf(stages);
    }

    public int stageCount() {
        return stages.size();
    }

    public StageSpec stage(int index) {
        return stages.get(index);
    }

    public boolean hasStem() {
        return stem != null;
    }

    public int minResolution() {
        return Choices.first(resolutionChoices);
    }

    public int maxResolution() {
        return Choices.last(resolutionChoices);
    }

    /** Spatial size entering stage 0 for an input of {@code resolution}: after the stem's stride, if any. */
    public int stemOutputResolution(int resolution) {
        return stem == null ? resolution : stem.outputResolution(resolution);
    }

    /** Spatial size leaving each stage (and entering its exit head) for an input of {@code resolution}. */
    public int[] stageOutputResolutions(int resolution) {
        int[] outputs = new int[stages.size()];
        int current = stemOutputResolution(resolution);
        for (int i = 0; i < outputs.length; i++) {
            current = Choices.outputResolution(current, stages.get(i).stride());
            outputs[i] = current;
        }
        return outputs;
    }

    /** Channels entering stage {@code index}'s first block under {@code configuration} (assumed valid). */
    public int stageInputWidth(StagedConfiguration configuration, int index) {
        if (index > 0) {
            return configuration.stage(index - 1).width();
        }
        return stem == null ? inputChannels : stem.width();
    }

    /**
     * The configuration taking the smallest resolution and every stage's fewest blocks, smallest kernel and
     * narrowest width. Every cost in {@code StagedCost} is monotone in each of these, so this is the cheapest network.
     */
    public StagedConfiguration smallest() {
        return new StagedConfiguration(minResolution(), stages.stream().map(StageSpec::smallest).toList());
    }

    /** The configuration taking the largest of everything: the most expensive network. */
    public StagedConfiguration largest() {
        return new StagedConfiguration(maxResolution(), stages.stream().map(StageSpec::largest).toList());
    }

    /** Number of configurations (resolutions x every stage's choices), or {@link Long#MAX_VALUE} if more. */
    public long configurationCount() {
        long count = resolutionChoices.size();
        for (StageSpec stage : stages) {
            long next = count * stage.choiceCount();
            if (next / stage.choiceCount() != count) {
                return Long.MAX_VALUE;
            }
            count = next;
        }
        return count;
    }

    /**
     * Configuration number {@code index} in lexicographic order of (resolution, stage 0 depth, kernel, width, stage 1
     * depth, ...), each field in ascending order of its choices: index 0 is {@link #smallest()} and the last index
     * {@link #largest()}. Lets callers enumerate a small space or sample indices without building every configuration.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < configurationCount()}
     */
    public StagedConfiguration configuration(long index) {
        long count = configurationCount();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("configuration index " + index + " outside 0.." + (count - 1)
                    + " of staged space " + name);
        }
        long rest = index;
        StageChoice[] choices = new StageChoice[stages.size()];
        for (int i = stages.size() - 1; i >= 0; i--) {
            StageSpec stage = stages.get(i);
            int width = stage.widthChoices().get((int) (rest % stage.widthChoices().size()));
            rest /= stage.widthChoices().size();
            int kernel = stage.kernelChoices().get((int) (rest % stage.kernelChoices().size()));
            rest /= stage.kernelChoices().size();
            int depth = stage.depthChoices().get((int) (rest % stage.depthChoices().size()));
            rest /= stage.depthChoices().size();
            choices[i] = new StageChoice(depth, kernel, width);
        }
        return new StagedConfiguration(resolutionChoices.get((int) rest), List.of(choices));
    }

    /**
     * Every configuration, lazily, in {@link #configuration(long)} order.
     *
     * @throws IllegalStateException if the space has {@link Long#MAX_VALUE} or more configurations
     */
    public Stream<StagedConfiguration> configurations() {
        long count = configurationCount();
        if (count == Long.MAX_VALUE) {
            throw new IllegalStateException("staged space " + name + " has too many configurations to enumerate");
        }
        return LongStream.range(0, count).mapToObj(this::configuration);
    }

    /**
     * A uniformly random configuration: every field drawn independently and uniformly from its choices, in the order
     * resolution, then each stage's depth, kernel, width, so a seeded {@code random} gives a reproducible sequence.
     */
    public StagedConfiguration random(Random random) {
        int resolution = pick(resolutionChoices, random);
        List<StageChoice> choices = new ArrayList<>(stages.size());
        for (StageSpec stage : stages) {
            int depth = pick(stage.depthChoices(), random);
            int kernel = pick(stage.kernelChoices(), random);
            int width = pick(stage.widthChoices(), random);
            choices.add(new StageChoice(depth, kernel, width));
        }
        return new StagedConfiguration(resolution, choices);
    }

    /**
     * The single check that a configuration belongs to this space: resolution, stage count, and every stage's depth,
     * kernel and width among that stage's choices.
     *
     * @throws InvalidStagedConfigurationException naming the first wrong stage and field, the value and what is allowed
     */
    public void validate(StagedConfiguration configuration) {
        if (configuration == null) {
            throw new InvalidStagedConfigurationException(-1, "stages", 0, "configuration is missing: expected a"
                    + " resolution and " + stages.size() + " stage choices for staged space " + name);
        }
        if (!resolutionChoices.contains(configuration.resolution())) {
            throw new InvalidStagedConfigurationException(-1, "resolution", configuration.resolution(),
                    "resolution " + configuration.resolution() + " is not allowed in staged space " + name
                            + "; allowed resolutions are " + resolutionChoices);
        }
        if (configuration.stageCount() != stages.size()) {
            throw new InvalidStagedConfigurationException(-1, "stages", configuration.stageCount(),
                    "configuration has " + configuration.stageCount() + " stage choices but staged space " + name
                            + " has " + stages.size() + " stages");
        }
        for (int i = 0; i < stages.size(); i++) {
            StageSpec stage = stages.get(i);
            StageChoice choice = configuration.stage(i);
            check(i, "depth", choice.depth(), stage.depthChoices());
            check(i, "kernel", choice.kernel(), stage.kernelChoices());
            check(i, "width", choice.width(), stage.widthChoices());
        }
    }

    private void check(int stageIndex, String field, int value, List<Integer> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidStagedConfigurationException(stageIndex, field, value, "stage index " + stageIndex
                    + " (stage " + (stageIndex + 1) + " of " + stages.size() + " in staged space " + name
                    + ") cannot have " + field + " " + value + "; allowed " + field + " choices are " + allowed);
        }
    }

    private static int pick(List<Integer> choices, Random random) {
        return choices.get(random.nextInt(choices.size()));
    }
}
