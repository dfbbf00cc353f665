package dev.slimfit.core.decode;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.LatencyCorrection;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.latency.LatencyCalibration;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.Measurement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Budgets met as measured, not only as predicted: the decoded network of a latency-budget job is timed on its
 * device; while it measures over the budget, the device's table is recalibrated on every network measured so far
 * ({@link LatencyCalibration}) and the job decodes again under it, up to a bounded number of measured networks
 * (docs/methods/latency-model.md, "Budgets met as measured"). The recalibrated table never lets a network that
 * measured over the budget fit again: should the least-squares factor still predict one of them within the budget,
 * the factor is raised to that network's measured-to-predicted ratio. Framework-free: the worker supplies how to
 * measure (its device agent through the API) and how to decode (the method's own decode under a given budget).
 *
 * <p>When the recalibrated table predicts even the narrowest network over the budget, the narrowest network is
 * measured next (a probe): the recalibration is fitted near the budget, and narrow networks may run relatively
 * faster. A probe that fits is kept as the fallback (it is a network within the budget as measured) while the
 * next recalibration, now spanning the space's range, also fits a shift and decodes again.
 */
public final class BudgetCorrection {

    /** Slack above the budget that must put a measured-over network over it, against rounding. */
    private static final double STRICT = 1 + 1e-9;

    /** How a network is timed on the job's device. */
    @FunctionalInterface
    public interface Device {
        /** Times {@code widths}; blocks until the device answered or will not. */
        Answer measure(int[] widths, int round);
    }

    /** A device's answer: the measured latency, or why there is none. */
    public record Answer(Double measuredMs, String unavailableReason) {

        public static Answer measured(double ms) {
            return new Answer(ms, null);
        }

        public static Answer unavailable(String reason) {
            return new Answer(null, reason);
        }
    }

    /** The method's decode under a (recalibrated) budget: the widths it would train. */
    @FunctionalInterface
    public interface Decode {
        int[] widths(BudgetCost budget, WidthDecoder decoder);
    }

    /** The widths to train and the report for the result. */
    public record Result(int[] widths, LatencyCorrection report) {
    }

    private BudgetCorrection() {
    }

    /**
     * @param budget    the job's latency budget (with the device's table)
     * @param first     the job's first decode under the table
     * @param maxRounds how many networks may be measured (at least 1)
     * @throws IllegalArgumentException for a budget that is not a latency
     */
    public static Result run(BudgetCost budget, int[] first, int maxRounds, Device device, Decode decode) {
        if (budget.kind() != Budget.Kind.LATENCY || budget.latencyTable() == null) {
            throw new IllegalArgumentException("only a latency budget is measured on a device, not " + budget.kind());
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
        }
        LatencyTable table = budget.latencyTable();
        int[] narrowest = table.space().smallest();
        double limit = budget.limit();
        LatencyCalibration calibration = new LatencyCalibration(1, 0, table);
        int[] widths = first.clone();
        boolean probe = false;
        List<Measurement> measured = new ArrayList<>();
        List<LatencyCorrection.Round> rounds = new ArrayList<>();
        Fallback fallback = null;
        for (int round = 1; ; round++) {
            Answer answer = device.measure(widths.clone(), round);
            double tablePredicted = table.predictMs(widths);
            double modelPredicted = calibration.table().predictMs(widths);
            if (answer.measuredMs() == null || !(answer.measuredMs() > 0)) {
                String reason = answer.measuredMs() == null ? answer.unavailableReason()
                        : "the device reported " + answer.measuredMs() + " ms";
                rounds.add(new LatencyCorrection.Round(round, list(widths), tablePredicted, modelPredicted,
                        calibration.scale(), calibration.shiftMs(), null, null));
                if (fallback != null) {
                    return fallback.result(rounds, maxRounds, "round " + round + " was not measured (" + reason
                            + "); the narrowest network, measured within the budget in round " + fallback.round
                            + ", is kept");
                }
                return done(widths, LatencyCorrection.Outcome.UNAVAILABLE, null, maxRounds, rounds,
                        "round " + round + " was not measured: " + reason);
            }
            double ms = answer.measuredMs();
            measured.add(new Measurement(widths, ms));
            rounds.add(new LatencyCorrection.Round(round, list(widths), tablePredicted, modelPredicted,
                    calibration.scale(), calibration.shiftMs(), ms, limit - ms));
            if (ms <= limit && !probe) {
                return done(widths, LatencyCorrection.Outcome.MET, round, maxRounds, rounds, round == 1
                        ? "the first decode measured within the budget"
                        : "the decode of round " + round + " measured within the budget after recalibration");
            }
            if (ms <= limit) {
                fallback = new Fallback(widths.clone(), round);
            }
            if (round == maxRounds) {
                String over = "still " + percent(ms, limit) + " over the budget after " + maxRounds
                        + " measured networks";
                return fallback != null
                        ? fallback.result(rounds, maxRounds, over + "; the narrowest network, measured within the"
                                + " budget in round " + fallback.round + ", is kept")
                        : done(widths, LatencyCorrection.Outcome.NOT_MET, null, maxRounds, rounds, over);
            }
            calibration = recalibrated(table, measured, limit);
            BudgetCost corrected = new BudgetCost(Budget.Kind.LATENCY, limit, calibration.table().toCostTable(),
                    calibration.table());
            double cheapest = corrected.costTable().minimumCost();
            probe = false;
            if (cheapest <= limit) {
                widths = decode.widths(corrected, new WidthDecoder(table.space(), corrected));
            } else if (!contains(measured, narrowest)) {
                // The recalibration is fitted near the budget; narrow networks may still fit. Measure the narrowest:
                // if it fits, the next recalibration spans the space's range and also fits a shift.
                widths = narrowest.clone();
                probe = true;
            } else {
                String why = String.format("recalibrated on %d measured networks, the table predicts even the"
                        + " narrowest network at %.4g ms, over the %.4g ms budget", measured.size(), cheapest, limit);
                return fallback != null ? fallback.result(rounds, maxRounds, why + "; the narrowest network,"
                        + " measured within the budget in round " + fallback.round + ", is kept")
                        : done(widths, LatencyCorrection.Outcome.NOT_MET, null, maxRounds, rounds, why);
            }
        }
    }

    /** A network that measured within the budget (the narrowest, measured as a probe) to fall back on. */
    private record Fallback(int[] widths, int round) {

        Result result(List<LatencyCorrection.Round> rounds, int maxRounds, String note) {
            return done(widths, LatencyCorrection.Outcome.MET, round, maxRounds, rounds, note);
        }
    }

    /**
     * The least-squares recalibration, shifted up where needed so that every network measured over the budget is
     * predicted over it too.
     */
    static LatencyCalibration recalibrated(LatencyTable table, List<Measurement> measured, double limit) {
        LatencyCalibration fit = LatencyCalibration.fit(table, measured);
        double raise = 0;
        for (Measurement m : measured) {
            double predicted = fit.apply(table.predictMs(m.widths()));
            if (m.latencyMs() > limit && predicted <= limit) {
                raise = Math.max(raise, STRICT * limit - predicted + 1e-12 * limit);
            }
        }
        if (raise == 0) {
            return fit;
        }
        return new LatencyCalibration(fit.scale(), fit.shiftMs() + raise, table.affine(fit.scale(),
                fit.shiftMs() + raise));
    }

    private static boolean contains(List<Measurement> measured, int[] widths) {
        for (Measurement m : measured) {
            if (Arrays.equals(m.widths(), widths)) {
                return true;
            }
        }
        return false;
    }

    static Result done(int[] widths, LatencyCorrection.Outcome outcome, Integer metIn, int maxRounds,
                               List<LatencyCorrection.Round> rounds, String note) {
        return new Result(widths.clone(), new LatencyCorrection(outcome, metIn, maxRounds, rounds, note));
    }

    private static List<Integer> list(int[] widths) {
        return Arrays.stream(widths).boxed().toList();
    }

    private static String percent(double measured, double limit) {
        return String.format("%.1f%%", 100 * (measured - limit) / limit);
    }
}
