package dev.slimfit.worker.method;

import dev.slimfit.core.contract.JobProgress;
import dev.slimfit.worker.search.SearchListener;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Throttles progress to the listener: at most one snapshot per interval during an epoch, always one at an epoch's
 * end (with the epoch's mean losses), one when a run resumes and one when a phase without training steps begins.
 * Losses are otherwise means over the steps since the previous snapshot (the latest ones are repeated when no step
 * ran since), throughput is measured over the same steps, and the ETAs (job and phase) weigh the remaining steps by
 * their cost ({@link WorkPlan}) at the seconds per unit measured in this attempt ({@value #UNKNOWN_ETA} until a
 * step has been timed). Every snapshot names the phase it belongs to.
 */
public final class ProgressReporter {

    /** ETA reported before any step of this attempt has been timed. */
    public static final double UNKNOWN_ETA = -1;
    /** Extra entry of the losses map in the first snapshot of a resumed run: the epochs the checkpoint held. */
    public static final String RESUMED_FROM_EPOCH = "resumedFromEpoch";

    private final SearchListener listener;
    private final long intervalNanos;
    private final WorkPlan plan;
    private final LongSupplier clock;
    private final Map<String, double[]> lossSums = new LinkedHashMap<>();
    private Map<String, Double> lastLosses = Map.of();
    private int phaseIndex;
    private long lastReportNanos;
    private long imagesSinceReport;
    private double stepNanosSinceReport;
    private double unitsTimed;
    private double nanosTimed;
    private double imagesPerSecond;

    public ProgressReporter(SearchListener listener, Duration interval, WorkPlan plan, LongSupplier nanoClock) {
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.plan = plan;
        this.clock = nanoClock;
        this.lastReportNanos = nanoClock.getAsLong();
    }

    public WorkPlan plan() {
        return plan;
    }

    /** The phase that the following snapshots belong to. */
    void enterPhase(int index) {
        phaseIndex = index;
    }

    /** Records a finished step and reports if the interval has passed. */
    public void stepDone(int epoch, long globalStepAfter, int images, long stepNanos, Map<String, Double> losses,
                         Supplier<ProgressSnapshot> snapshot) {
        imagesSinceReport += images;
        stepNanosSinceReport += stepNanos;
        unitsTimed += plan.unitsOfStep(globalStepAfter - 1);
        nanosTimed += stepNanos;
        losses.forEach((name, value) -> {
            double[] sum = lossSums.computeIfAbsent(name, key -> new double[2]);
            sum[0] += value;
            sum[1]++;
        });
        if (clock.getAsLong() - lastReportNanos >= intervalNanos) {
            report(epoch, globalStepAfter, snapshot.get(), Map.of());
        }
    }

    /** Reports unconditionally at an epoch's end, with the epoch's mean losses. */
    public void epochEnded(int epoch, long globalStep, Map<String, Double> epochLosses,
                           Supplier<ProgressSnapshot> snapshot) {
        lossSums.clear();
        epochLosses.forEach((name, value) -> lossSums.put(name, new double[] {value, 1}));
        report(epoch, globalStep, snapshot.get(), Map.of());
    }

    /** Says that a phase without training steps (a decode, an evaluation) has begun. */
    void phaseBegan(int completedEpochs, long globalStep, ProgressSnapshot snapshot) {
        report(Math.max(1, completedEpochs), globalStep, snapshot, Map.of());
    }

    /** Says that this run continues a checkpoint holding {@code completedEpochs} epochs. */
    void resumed(int completedEpochs, long globalStep, Map<String, Double> losses, ProgressSnapshot snapshot) {
        lastLosses = losses;
        report(Math.max(1, Math.min(completedEpochs + 1, plan.totalEpochs())), globalStep, snapshot,
                Map.of(RESUMED_FROM_EPOCH, (double) completedEpochs));
    }

    private void report(int epoch, long globalStep, ProgressSnapshot snapshot, Map<String, Double> extra) {
        Map<String, Double> losses = new LinkedHashMap<>();
        lossSums.forEach((name, sum) -> losses.put(name, sum[0] / sum[1]));
        if (losses.isEmpty()) {
            losses.putAll(lastLosses);
        } else {
            lastLosses = Map.copyOf(losses);
        }
        losses.putAll(extra);
        if (stepNanosSinceReport > 0) {
            imagesPerSecond = imagesSinceReport / (stepNanosSinceReport / 1e9);
        }
        double secondsPerUnit = unitsTimed > 0 ? nanosTimed / unitsTimed / 1e9 : 0;
        double eta = unitsTimed > 0 ? plan.remainingUnits(globalStep) * secondsPerUnit : UNKNOWN_ETA;
        double phaseEta = unitsTimed > 0 ? plan.remainingUnitsInPhase(phaseIndex, globalStep) * secondsPerUnit
                : UNKNOWN_ETA;
        WorkPlan.PhasePlan phase = plan.phase(phaseIndex);
        long phaseStep = Math.max(0, Math.min(phase.steps(), globalStep - plan.stepsBefore(phaseIndex)));
        listener.progress(new JobProgress(epoch, globalStep, plan.totalSteps(), Collections.unmodifiableMap(losses),
                imagesPerSecond, eta, snapshot.widths(), snapshot.predictedCost(), phase.name(), phaseStep,
                phase.steps(), phase.steps() == 0 ? 0 : phaseEta));
        lossSums.clear();
        imagesSinceReport = 0;
        stepNanosSinceReport = 0;
        lastReportNanos = clock.getAsLong();
    }
}
