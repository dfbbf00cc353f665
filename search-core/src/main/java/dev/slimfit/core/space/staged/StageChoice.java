package dev.slimfit.core.space.staged;

/**
 * What a configuration picks for one stage. Not validated on its own: whether the numbers are allowed depends on
 * the stage, so {@link StagedSpace#validate} checks them and names the stage and field that are wrong.
 *
 * @param depth  number of blocks
 * @param kernel kernel size of every block's depthwise convolution
 * @param width  output channels of every block
 */
public record StageChoice(int depth, int kernel, int width) {
}
