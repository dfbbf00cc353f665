package dev.slimfit.worker.method;

import ai.djl.ndarray.NDManager;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.worker.search.EngineSettings;
import dev.slimfit.worker.search.SearchListener;
import dev.slimfit.worker.search.SearchRequest;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.SearchData;

/**
 * Everything one job attempt shares across its phases, whatever the method.
 *
 * @param request    the job
 * @param listener   the worker's listener
 * @param settings   engine settings
 * @param root       owns every array of the attempt; closed when it ends
 * @param data       the split images (Java side)
 * @param train      training images on the engine
 * @param validation validation images on the engine
 * @param test       test images on the engine
 * @param plan       the job's phases and steps
 * @param progress   throttled progress
 * @param decoder    decodes unaries under the job's budget (chain spaces)
 */
public record JobContext(SearchRequest request, SearchListener listener, EngineSettings settings, NDManager root,
                         SearchData data, DeviceDataset train, DeviceDataset validation, DeviceDataset test,
                         WorkPlan plan, ProgressReporter progress, WidthDecoder decoder) {

    public long seed() {
        return request.training().seed();
    }

    public int batchSize() {
        return request.training().batchSize();
    }

    public int searchEpochs() {
        return request.training().epochs();
    }

    public int finalEpochs() {
        return request.training().finalEpochs();
    }

    /** Training steps in one epoch of the training split. */
    public int stepsPerEpoch() {
        return train.trainingBatches(batchSize());
    }

    /** Accuracy evaluation batch size: larger than training's, since no activations are kept for backward. */
    public int evaluationBatchSize() {
        return Math.max(batchSize(), settings.evaluationBatchSize());
    }
}
