/**
 * Exact multiply-add and parameter counts ({@link dev.slimfit.core.cost.NetworkCost}, convention in
 * {@link dev.slimfit.core.cost.LayerCost}) and the pairwise chain cost table every decoder consumes
 * ({@link dev.slimfit.core.cost.ChainCostTable}), built for MACs and parameters by
 * {@link dev.slimfit.core.cost.CostTables} and for latency by {@code LatencyTable.toCostTable()}.
 */
package dev.slimfit.core.cost;
