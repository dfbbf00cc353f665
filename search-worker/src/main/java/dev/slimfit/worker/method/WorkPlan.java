package dev.slimfit.worker.method;

import java.util.List;

/**
 * How much work a job is, phase by phase, for progress and ETAs. Epochs are numbered over the whole job: a phase's
 * first epoch follows the previous phases' last. A step of a phase costs {@code unitsPerStep} forward/backward
 * passes of a plain network (a sandwich step of a supernet costs 2 + its sampled configurations), which is what
 * the ETAs weigh the remaining steps by.
 *
 * @param phases the method's phases, in order
 */
public record WorkPlan(List<PhasePlan> phases) {

    /**
     * @param name          the phase's name
     * @param epochs        its training epochs (0 for a phase without training steps)
     * @param stepsPerEpoch training steps per epoch
     * @param unitsPerStep  cost of one step relative to a plain step
     */
    public record PhasePlan(String name, int epochs, int stepsPerEpoch, double unitsPerStep) {

        public long steps() {
            return (long) epochs * stepsPerEpoch;
        }
    }

    public WorkPlan {
        phases = List.copyOf(phases);
    }

    public int phaseCount() {
        return phases.size();
    }

    public PhasePlan phase(int index) {
        return phases.get(index);
    }

    public int indexOf(String name) {
        for (int k = 0; k < phases.size(); k++) {
            if (phases.get(k).name().equals(name)) {
                return k;
            }
        }
        return -1;
    }

    public long totalSteps() {
        return phases.stream().mapToLong(PhasePlan::steps).sum();
    }

    public int totalEpochs() {
        return phases.stream().mapToInt(PhasePlan::epochs).sum();
    }

    /** Job-wide number of phase {@code index}'s first epoch (1-based). */
    public int firstEpoch(int index) {
        int before = 0;
        for (int k = 0; k < index; k++) {
            before += phases.get(k).epochs();
        }
        return before + 1;
    }

    /** Job-wide number of phase {@code index}'s last epoch (the previous phase's last for a phase without epochs). */
    public int lastEpoch(int index) {
        return firstEpoch(index) + phases.get(index).epochs() - 1;
    }

    /** Steps of all phases before phase {@code index}. */
    public long stepsBefore(int index) {
        long before = 0;
        for (int k = 0; k < index; k++) {
            before += phases.get(k).steps();
        }
        return before;
    }

    /** Work units left in the whole job after {@code globalStep} steps. */
    public double remainingUnits(long globalStep) {
        double units = 0;
        for (int k = 0; k < phases.size(); k++) {
            units += remainingUnitsInPhase(k, globalStep);
        }
        return units;
    }

    /** Work units left in phase {@code index} after {@code globalStep} steps of the job. */
    public double remainingUnitsInPhase(int index, long globalStep) {
        long start = stepsBefore(index);
        long end = start + phases.get(index).steps();
        long left = Math.max(0, end - Math.max(globalStep, start));
        return left * phases.get(index).unitsPerStep();
    }

    /** Work units of the step that follows {@code globalStep} steps. */
    public double unitsOfStep(long globalStep) {
        long start = 0;
        for (PhasePlan phase : phases) {
            long end = start + phase.steps();
            if (globalStep < end) {
                return phase.unitsPerStep();
            }
            start = end;
        }
        return 1;
    }
}
