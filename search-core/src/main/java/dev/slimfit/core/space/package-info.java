/**
 * Search spaces: chains of layers with width choices ({@link dev.slimfit.core.space.SearchSpace}), the built-in
 * ones ({@link dev.slimfit.core.space.SearchSpaceRegistry}), and the single validation entry point for width
 * configurations ({@link dev.slimfit.core.space.ConfigurationValidator}, throwing
 * {@link dev.slimfit.core.space.InvalidConfigurationException}). A configuration is an {@code int[]} of widths, one
 * per layer; algorithms internally use choice positions ({@code ConfigurationValidator.choiceIndices}).
 */
package dev.slimfit.core.space;
