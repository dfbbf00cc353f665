package dev.slimfit.worker.method;

import java.util.Map;

/**
 * What the runner gives a phase while it runs: the job, where the phase starts (at its beginning, or at the step a
 * checkpoint recorded), and the epoch loop that trains and checkpoints.
 */
public final class PhaseRun {

    private final JobContext job;
    private final int index;
    private final Position start;
    private final Map<String, Double> lossesBefore;
    private final EpochLoop.Checkpointer checkpointer;
    private Position end;
    private Map<String, Double> lastLosses;

    PhaseRun(JobContext job, int index, Position start, Map<String, Double> lossesBefore,
             EpochLoop.Checkpointer checkpointer) {
        this.job = job;
        this.index = index;
        this.start = start;
        this.lossesBefore = lossesBefore;
        this.checkpointer = checkpointer;
        this.end = start;
        this.lastLosses = lossesBefore;
    }

    public JobContext job() {
        return job;
    }

    /** Where the phase starts: {@code phaseStep() == 0} unless it resumes from a checkpoint. */
    public Position start() {
        return start;
    }

    /** The phase's first epoch, job-wide (1-based). */
    public int firstEpoch() {
        return job.plan().firstEpoch(index);
    }

    /** The phase's last epoch, job-wide. */
    public int lastEpoch() {
        return job.plan().lastEpoch(index);
    }

    /** Steps this phase takes in all. */
    public long steps() {
        return job.plan().phase(index).steps();
    }

    /**
     * Trains the remaining epochs of this phase, from {@link #start()}, checkpointing at every epoch end and on
     * SHUTDOWN (see {@link EpochLoop}).
     *
     * @return the position after the phase's last epoch and that epoch's mean losses
     */
    public EpochLoop.Outcome train(EpochTraining training) {
        EpochLoop.Outcome outcome = new EpochLoop(job, checkpointer).run(training, firstEpoch(), lastEpoch(), start,
                lossesBefore);
        end = outcome.position();
        lastLosses = outcome.lastEpochLosses();
        return outcome;
    }

    Position end() {
        return end;
    }

    Map<String, Double> lastLosses() {
        return lastLosses;
    }
}
