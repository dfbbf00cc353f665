package dev.slimfit.worker.search.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.data.ImageSet;
import dev.slimfit.models.data.Normalization;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.models.slimmable.SlimmableNetwork;
import dev.slimfit.worker.search.data.DeviceDataset;
import dev.slimfit.worker.search.nn.ChainNetwork;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class DistillationTargetsTest {

    private static final SearchSpace FMNIST = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final int IMAGES = 37;

    private static ImageSet randomImages(long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[IMAGES * 28 * 28];
        random.nextBytes(pixels);
        int[] labels = IntStream.range(0, IMAGES).map(n -> random.nextInt(10)).toArray();
        return new ImageSet(pixels, labels, 1, 28, 28,
                IntStream.range(0, 10).mapToObj(Integer::toString).toList());
    }

    @Test
    void targetsMixTheLabelWithTheTeachersPredictionsInStoredOrder() {
        ImageSet images = randomImages(3);
        try (NDManager manager = OfflinePyTorch.newManager();
             DeviceDataset train = DeviceDataset.upload(images, Normalization.FASHION_MNIST, manager)) {
            SlimmableNetwork supernet = new SlimmableNetwork(FMNIST);
            supernet.initialize(manager);
            ChainNetwork teacher = ChainNetwork.of(FMNIST, supernet);
            int[] largest = FMNIST.largest();

            // Batches of 8 and 16 over 37 images: the short last batch lands where it belongs either way.
            DistillationTargets pure = DistillationTargets.compute(teacher, largest, train, images.labels(), 10, 8,
                    1.0, 1.0, manager);
            DistillationTargets mixed = DistillationTargets.compute(teacher, largest, train, images.labels(), 10, 16,
                    0.3, 1.0, manager);
            DistillationTargets soft = DistillationTargets.compute(teacher, largest, train, images.labels(), 10, 16,
                    1.0, 4.0, manager);

            float[] expected;
            try (GradMode inference = GradMode.inference()) {
                NDArray logits = teacher.forward(manager, train.inOrder().images(), largest, false);
                expected = TorchOps.softmax(logits).toFloatArray();
            }
            assertThat(pure.images()).isEqualTo(IMAGES);
            assertThat(pure.values()).containsExactly(expected, offset(1e-5f));
            for (int n = 0; n < IMAGES; n++) {
                int label = images.label(n);
                double rowSum = 0;
                for (int k = 0; k < 10; k++) {
                    float teacherShare = 0.3f * expected[n * 10 + k];
                    assertThat(mixed.values()[n * 10 + k]).isCloseTo(k == label ? 0.7f + teacherShare : teacherShare,
                            offset(1e-5f));
                    rowSum += soft.values()[n * 10 + k];
                }
                assertThat(rowSum).isCloseTo(1.0, offset(1e-5));
            }
            assertThat(entropy(soft.values())).isGreaterThan(entropy(pure.values()));
            assertThatThrownBy(() -> DistillationTargets.compute(teacher, largest, train, images.labels(), 10, 8,
                    0, 1.0, manager)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void batchesShuffledWithTargetsCarryEachImagesOwnTargets() {
        ImageSet images = randomImages(5);
        float[] oneHot = new float[IMAGES * 10];
        for (int n = 0; n < IMAGES; n++) {
            oneHot[n * 10 + images.label(n)] = 1;
        }
        try (NDManager manager = OfflinePyTorch.newManager();
             DeviceDataset train = DeviceDataset.upload(images, Normalization.FASHION_MNIST, manager)) {
            NDArray targets = new DistillationTargets(10, oneHot).upload(manager);
            DeviceDataset.Batches order = train.shuffled(manager, 7, 2, targets);
            for (int b = 0; b < 3; b++) {
                DeviceDataset.Batch batch = order.batch(manager, b, 10);
                long[] labels = batch.labels().toLongArray();
                long[] fromTargets = batch.targets().argMax(1).toLongArray();
                assertThat(fromTargets).containsExactly(labels);
            }
            assertThat(train.shuffled(manager, 7, 2).batch(manager, 0, 10).targets()).isNull();
            NDArray wrongRows = new DistillationTargets(10, new float[20]).upload(manager);
            assertThatThrownBy(() -> train.shuffled(manager, 7, 2, wrongRows))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 rows");
        }
    }

    @Test
    void encodingRoundTripsAndRejectsGarbage() {
        float[] values = {0.25f, 0.75f, 1f, 0f, 0.5f, 0.5f};
        DistillationTargets targets = new DistillationTargets(2, values);

        DistillationTargets read = DistillationTargets.decode(targets.encode());

        assertThat(read.classes()).isEqualTo(2);
        assertThat(read.values()).containsExactly(values);
        assertThat(DistillationTargets.decode(new byte[0])).isNull();
        assertThatThrownBy(() -> DistillationTargets.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalStateException.class);
        byte[] badRows = new DistillationTargets(1, new float[] {1, 1, 1}).encode();
        badRows[0] = 2;
        assertThatThrownBy(() -> DistillationTargets.decode(badRows)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rows of 2");
        assertThatThrownBy(() -> new DistillationTargets(3, new float[4]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double entropy(float[] values) {
        double sum = 0;
        for (float p : values) {
            sum -= p > 0 ? p * Math.log(p) : 0;
        }
        return sum;
    }
}
