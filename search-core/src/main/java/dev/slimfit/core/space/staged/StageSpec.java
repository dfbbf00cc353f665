package dev.slimfit.core.space.staged;

import java.util.List;

/**
 * One searchable stage: {@code depth} blocks of {@code blockKind}, all with the same kernel and output width, then
 * an exit head (global average pooling and a linear classifier from the width to the space's classes, with bias).
 * One depth, kernel and width per stage, not per block, keeps the space small enough to sample densely and keeps
 * every exit head's input width a single choice.
 *
 * <p>Weight sharing, as a supernet trained over this space interprets a configuration:
 * <ul>
 *   <li>the first block does the stage's {@code stride} and maps the previous stage's width to this stage's width;
 *       the other blocks keep stride 1 and the width;</li>
 *   <li>a shallower stage runs the first {@code depth} blocks of the deepest one;</li>
 *   <li>a smaller kernel is the centre {@code k x k} of the largest kernel;</li>
 *   <li>a narrower layer uses the first {@code width} channels (and its exit head the first {@code width} input
 *       columns of the largest head).</li>
 * </ul>
 *
 * @param stride        stride of the stage's first block (1 or 2 in the built-in spaces)
 * @param depthChoices  allowed block counts, ascending, distinct, positive
 * @param kernelChoices allowed kernel sizes, ascending, distinct, odd (e.g. 3, 5, 7)
 * @param widthChoices  allowed output channels, ascending, distinct, positive
 * @param blockKind     what each block computes
 */
public record StageSpec(int stride, List<Integer> depthChoices, List<Integer> kernelChoices,
                        List<Integer> widthChoices, BlockKind blockKind) {

    public StageSpec {
        if (stride <= 0) {
            throw new IllegalArgumentException("stage stride must be positive, got " + stride);
        }
        depthChoices = Choices.ascending("stage depth choices", depthChoices);
        kernelChoices = Choices.ascending("stage kernel choices", kernelChoices);
        widthChoices = Choices.ascending("stage width choices", widthChoices);
        for (int kernel : kernelChoices) {
            if (kernel % 2 == 0) {
                throw new IllegalArgumentException("stage kernel choices must be odd (a smaller kernel is the centre"
                        + " of a larger one): " + kernelChoices);
            }
        }
        if (blockKind == null) {
            throw new IllegalArgumentException("stage block kind is missing");
        }
    }

    /** The choice taking this stage's fewest blocks, smallest kernel and narrowest width. */
    public StageChoice smallest() {
        return new StageChoice(Choices.first(depthChoices), Choices.first(kernelChoices), Choices.first(widthChoices));
    }

    /** The choice taking this stage's most blocks, largest kernel and widest width. */
    public StageChoice largest() {
        return new StageChoice(Choices.last(depthChoices), Choices.last(kernelChoices), Choices.last(widthChoices));
    }

    /** Number of distinct choices of this stage: depths x kernels x widths. */
    public int choiceCount() {
        return depthChoices.size() * kernelChoices.size() * widthChoices.size();
    }
}
