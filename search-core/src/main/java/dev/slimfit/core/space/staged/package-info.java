/**
 * Multi-stage search spaces for early-exit networks (ENAS4D style): a fixed stem, then stages that each choose a
 * depth, a kernel and a width, each followed by an exit head ({@link dev.slimfit.core.space.staged.StagedSpace},
 * built-ins in {@link dev.slimfit.core.space.staged.StagedSpaces}). A configuration is the typed record
 * {@link dev.slimfit.core.space.staged.StagedConfiguration}; {@link dev.slimfit.core.space.staged.StagedSpace#validate}
 * is its single validation entry point. Exact costs are in {@link dev.slimfit.core.cost.StagedCost}.
 */
package dev.slimfit.core.space.staged;
