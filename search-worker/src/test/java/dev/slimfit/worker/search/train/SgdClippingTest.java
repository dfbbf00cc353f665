package dev.slimfit.worker.search.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.slimfit.models.engine.OfflinePyTorch;
import dev.slimfit.worker.search.nn.ChainNetwork.TrainableArray;
import dev.slimfit.worker.search.nn.GradMode;
import dev.slimfit.worker.search.nn.TorchOps;

/** Gradient clipping on libtorch: the step is scaled to the norm bound, and a non-finite step is skipped. */
class SgdClippingTest {

    private static void backward(NDManager manager, NDArray weight, float[] coefficients) {
        try (GradMode recording = GradMode.recording()) {
            NDArray c = manager.create(coefficients);
            NDArray product = weight.mul(c);
            NDArray loss = product.sum();
            TorchOps.backward(loss, manager.create(1f));
        }
    }

    @Test
    void aLargeGradientIsClippedToTheNormAndASmallOneIsNot() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            NDArray weight = manager.create(new float[] {1f, 1f});
            weight.setRequiresGradient(true);
            Sgd sgd = new Sgd(List.of(new TrainableArray(weight, false)), manager, 0f, 0f);
            backward(manager, weight, new float[] {30f, 40f}); // gradient (30, 40), norm 50
            double norm = sgd.stepClipped(0.1f, 5.0);
            assertThat(norm).isCloseTo(50.0, within(1e-4));
            float[] after = weight.toFloatArray();
            // Clipped to norm 5: the step is 0.1 * (3, 4).
            assertThat(after[0]).isCloseTo(1f - 0.3f, within(1e-5f));
            assertThat(after[1]).isCloseTo(1f - 0.4f, within(1e-5f));

            backward(manager, weight, new float[] {0.3f, 0.4f}); // norm 0.5: below the bound
            assertThat(sgd.stepClipped(1f, 5.0)).isCloseTo(0.5, within(1e-5));
            after = weight.toFloatArray();
            assertThat(after[0]).isCloseTo(0.7f - 0.3f, within(1e-5f));
        }
    }

    @Test
    void aNonFiniteGradientSkipsTheStep() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            NDArray weight = manager.create(new float[] {1f, 2f});
            weight.setRequiresGradient(true);
            Sgd sgd = new Sgd(List.of(new TrainableArray(weight, false)), manager, 0.9f, 0f);
            backward(manager, weight, new float[] {Float.NaN, 1f});
            assertThat(sgd.stepClipped(0.1f, 5.0)).isNaN();
            assertThat(weight.toFloatArray()).containsExactly(1f, 2f);
            // The gradient was zeroed: the next finite step is not polluted.
            backward(manager, weight, new float[] {1f, 0f});
            assertThat(sgd.stepClipped(0.1f, 5.0)).isCloseTo(1.0, within(1e-6));
            assertThat(weight.toFloatArray()[0]).isCloseTo(0.9f, within(1e-6f));
        }
    }
}
