package dev.slimfit.worker.method;

import java.util.List;

/**
 * The configuration a running job would return now and its cost in the budget's unit.
 *
 * @param widths        current decode (search) or the network being trained (plain phase)
 * @param predictedCost its cost from the budget's table
 */
public record ProgressSnapshot(List<Integer> widths, double predictedCost) {
}
