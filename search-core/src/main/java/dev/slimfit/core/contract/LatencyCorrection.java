package dev.slimfit.core.contract;

import java.util.List;

/**
 * How a latency-budget job's decoded network was measured on its device before its final training, and corrected
 * when it measured over the budget (docs/methods/latency-model.md, "Budgets met as measured"). Round 1 measures
 * the first decode; when it is over the budget, the table is recalibrated on every network measured so far and the
 * job decodes again, up to {@code maxRounds} measured networks.
 *
 * @param outcome    MET when a round's network measured within the budget; NOT_MET when the last round (or the
 *                   narrowest network the recalibrated table allows) is still over; UNAVAILABLE when no
 *                   measurement came (device offline, no answer in time, the agent could not time it)
 * @param metInRound the round whose network measured within the budget (1: the first decode already fitted), or
 *                   null unless MET
 * @param maxRounds  the bound on measured networks
 * @param rounds     every round, in order
 * @param note       why it ended, for people
 */
public record LatencyCorrection(Outcome outcome, Integer metInRound, int maxRounds, List<Round> rounds, String note) {

    public enum Outcome { MET, NOT_MET, UNAVAILABLE }

    public LatencyCorrection {
        rounds = rounds == null ? List.of() : List.copyOf(rounds);
    }

    /**
     * One measured decode.
     *
     * @param round            1-based
     * @param widths           the network decoded in this round
     * @param tablePredictedMs what the device's table predicts for it
     * @param modelPredictedMs what the model it was decoded under predicts (the table itself in round 1, the
     *                         recalibrated table later; the narrowest network when it is measured as a probe)
     * @param scale            the recalibration factor of that model (1 in round 1)
     * @param shiftMs          the recalibration's added constant (0 in round 1 and for a factor-only fit)
     * @param measuredMs       what the device measured, or null when no measurement came
     * @param marginMs         budget minus measured: positive fits with that much to spare, negative is over
     */
    public record Round(int round, List<Integer> widths, double tablePredictedMs, double modelPredictedMs,
                        double scale, double shiftMs, Double measuredMs, Double marginMs) {
    }

    /** The last round that has a measurement, or null. */
    public Round lastMeasured() {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).measuredMs() != null) {
                return rounds.get(i);
            }
        }
        return null;
    }
}
