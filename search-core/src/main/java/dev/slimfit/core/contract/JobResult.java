package dev.slimfit.core.contract;

import java.util.List;

/**
 * What a finished search found.
 *
 * @param widths             decoded width per layer
 * @param macs               multiply-adds of the decoded network
 * @param params             parameters of the decoded network
 * @param predictedLatencyMs latency from the device's table, when the budget is a latency
 * @param measuredLatencyMs  latency measured on the device, when an agent verified it
 * @param testAccuracy       accuracy of the fine-tuned network on the held-out test split
 * @param backend            where it ran, e.g. "cpu" or "cuda"
 */
public record JobResult(List<Integer> widths, long macs, long params, Double predictedLatencyMs,
                        Double measuredLatencyMs, Double testAccuracy, String backend) {
}
