package dev.slimfit.worker.method.enas4d;

import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.worker.method.JobContext;
import dev.slimfit.worker.method.ProgressSnapshot;
import dev.slimfit.worker.search.SearchRequest;

import java.util.List;

/**
 * A multi-stage job's space as ENAS4D searches it and its budget. The images are read once, at the space's largest
 * resolution, so the search fixes the resolution to that one (a smaller resolution would need the images resized,
 * which the data path does not do yet).
 */
final class StagedJob {

    private StagedJob() {
    }

    /** The job's space with only its largest resolution. */
    static StagedSpace searchable(SearchRequest request) {
        StagedSpace space = request.staged().space();
        return new StagedSpace(space.name(), space.description(), space.inputChannels(), space.classCount(),
                List.of(space.maxResolution()), space.stem(), space.stages());
    }

    static StagedSpace searchable(JobContext job) {
        return searchable(job.request());
    }

    static long budget(JobContext job) {
        return job.request().staged().averageMacs();
    }

    /** Stage widths and a cost in MACs, for progress. */
    static ProgressSnapshot snapshot(StagedConfiguration configuration, double macs) {
        return new ProgressSnapshot(configuration.stages().stream().map(s -> s.width()).toList(), macs);
    }

    /** The largest configuration and its worst-case MACs (before the search has chosen). */
    static ProgressSnapshot largestSnapshot(JobContext job) {
        StagedSpace space = searchable(job);
        return snapshot(space.largest(), StagedCost.worstCaseMacs(space, space.largest()));
    }
}
