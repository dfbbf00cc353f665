package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.data.DeviceDataset.Batch;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Training targets for fine-tuning a decoded network with knowledge distillation from the supernet's largest
 * configuration: per training image {@code (1 - weight) * onehot(label) + weight * softmax(teacher / T)}. Against
 * these targets the soft cross-entropy is exactly {@code (1 - weight) * CE(label) + weight * CE(teacher_T)} in one
 * loss, so a distilled step costs what a plain one does.
 * <p>
 * The teacher runs once, in inference mode, over the training set in its stored order; training sees no
 * augmentation, so these fixed targets equal an online teacher's. They are small ({@code images x classes} floats)
 * and travel in the fine-tuning checkpoint, so a resumed fine-tune needs no supernet.
 *
 * @param classes per-image target length
 * @param values  row-major (image, class) targets; each row sums to 1
 */
public record DistillationTargets(int classes, float[] values) {

    public DistillationTargets {
        if (classes <= 0 || values.length % classes != 0) {
            throw new IllegalArgumentException(values.length + " target values do not form rows of " + classes);
        }
    }

    public int images() {
        return values.length / classes;
    }

    /**
     * @param teacher     the network whose {@code widths} configuration teaches (batch-norm statistics calibrated)
     * @param labels      the training labels in {@code train}'s stored order
     * @param weight      share of the teacher in each target, in (0, 1]
     * @param temperature softening of the teacher's logits, at least 1
     */
    public static DistillationTargets compute(ChainNetwork teacher, int[] widths, DeviceDataset train, int[] labels,
                                              int classes, int batchSize, double weight, double temperature,
                                              NDManager parent) {
        if (!(weight > 0 && weight <= 1) || !(temperature >= 1)) {
            throw new IllegalArgumentException("distillation weight must be in (0, 1] and temperature >= 1, got "
                    + weight + ", " + temperature);
        }
        if (labels.length != train.size()) {
            throw new IllegalArgumentException(labels.length + " labels for " + train.size() + " images");
        }
        float[] values = new float[train.size() * classes];
        DeviceDataset.Batches all = train.inOrder();
        try (GradMode inference = GradMode.inference(); NDManager manager = parent.newSubManager()) {
            NDArray inverseTemperature = manager.create((float) (1 / temperature));
            int offset = 0;
            for (int b = 0; b < train.evaluationBatches(batchSize); b++) {
                try (NDManager step = manager.newSubManager()) {
                    Batch batch = all.batch(step, b, batchSize);
                    NDArray logits = teacher.forward(step, batch.images(), widths, false);
                    NDArray scaled = TorchOps.mul(logits, inverseTemperature);
                    float[] probabilities = TorchOps.softmax(scaled).toFloatArray();
                    System.arraycopy(probabilities, 0, values, offset, probabilities.length);
                    offset += probabilities.length;
                }
            }
        }
        for (int n = 0; n < labels.length; n++) {
            for (int k = 0; k < classes; k++) {
                values[n * classes + k] *= (float) weight;
            }
            values[n * classes + labels[n]] += (float) (1 - weight);
        }
        return new DistillationTargets(classes, values);
    }

    /** The targets on the engine, (images, classes) float32, attached to {@code manager}. */
    public NDArray upload(NDManager manager) {
        return manager.create(values, new Shape(images(), classes));
    }

    /** Little-endian bytes for a checkpoint: the class count, then the values. */
    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(classes);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    /**
     * Reads {@link #encode()}'s bytes; null for none (an empty section).
     *
     * @throws IllegalStateException if the bytes are not such an encoding
     */
    public static DistillationTargets decode(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        if (bytes.length < 4 || (bytes.length - 4) % 4 != 0) {
            throw new IllegalStateException("distillation targets section has " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int classes = buffer.getInt();
        FloatBuffer floats = buffer.asFloatBuffer();
        float[] values = new float[floats.remaining()];
        floats.get(values);
        if (classes <= 0 || values.length % classes != 0) {
            throw new IllegalStateException("distillation targets section holds " + values.length
                    + " values in rows of " + classes);
        }
        return new DistillationTargets(classes, values);
    }
}
