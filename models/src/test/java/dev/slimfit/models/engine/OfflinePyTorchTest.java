package dev.slimfit.models.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfflinePyTorchTest {

    @Test
    void loadsTheBundledCpuLibtorchWithDjlOffline() {
        EngineInfo info = OfflinePyTorch.describe();

        assertThat(info.engineName()).isEqualTo("PyTorch");
        assertThat(info.engineVersion()).startsWith("2.7.1");
        assertThat(info.djlVersion()).isEqualTo("0.36.0");
        assertThat(info.nativeFlavor()).isEqualTo("cpu");
        assertThat(Utils.isOfflineMode()).as("DJL offline mode").isTrue();
    }

    @Test
    void refusesHttpBeforeConnecting() {
        assertThatThrownBy(() -> Utils.openUrl("https://example.invalid/pytorch/files.txt"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Offline mode is enabled");
    }

    @Test
    void computesOnTheLoadedEngine() {
        try (NDManager manager = OfflinePyTorch.newManager()) {
            NDArray sum = manager.create(new float[] {1, 2, 3}).sum();

            assertThat(sum.getFloat()).isEqualTo(6f);
        }
    }
}
