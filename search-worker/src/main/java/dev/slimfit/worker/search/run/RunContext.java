package dev.slimfit.worker.search.run;

import ai.djl.ndarray.NDManager;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.checkpoint.CheckpointFile;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.SearchData;
import dev.slimfit.worker.search.decode.WidthDecoder;

/**
 * Everything one job attempt shares across its phases.
 *
 * @param request        the job
 * @param listener       the worker's listener
 * @param settings       engine settings
 * @param root           owns every array of the attempt; closed when it ends
 * @param data           the split images (Java side)
 * @param train          training images on the engine
 * @param validation     validation images on the engine
 * @param test           test images on the engine
 * @param checkpointFile the job's checkpoint
 * @param fingerprint    identifies this job's checkpoints
 * @param plan           the job's steps
 * @param progress       throttled progress
 * @param decoder        decodes unaries under the budget
 */
record RunContext(SearchRequest request, SearchListener listener, EngineSettings settings, NDManager root,
                  SearchData data, DeviceDataset train, DeviceDataset validation, DeviceDataset test,
                  CheckpointFile checkpointFile, String fingerprint, JobPlan plan, ProgressReporter progress,
                  WidthDecoder decoder) {

    long seed() {
        return request.training().seed();
    }

    int batchSize() {
        return request.training().batchSize();
    }

    int searchEpochs() {
        return request.training().epochs();
    }

    int finalEpochs() {
        return request.training().finalEpochs();
    }

    /** Accuracy evaluation batch size: larger than training's, since no activations are kept for backward. */
    int evaluationBatchSize() {
        return Math.max(batchSize(), settings.evaluationBatchSize());
    }
}
