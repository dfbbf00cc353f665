package dev.slimfit.models.timing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HardwareProbeTest {

    @Test
    void describesThisMachine() {
        HardwareFingerprint fingerprint = HardwareProbe.probe();

        assertThat(fingerprint.cpuModel()).isNotBlank();
        assertThat(fingerprint.logicalCores()).isPositive();
        assertThat(fingerprint.totalMemoryBytes()).isPositive();
        assertThat(fingerprint.osName()).isNotBlank();
        assertThat(fingerprint.osArch()).isNotBlank();
        assertThat(fingerprint.jvm()).contains(System.getProperty("java.runtime.version"));
        assertThat(fingerprint.engine().engineName()).isEqualTo("PyTorch");
        assertThat(fingerprint.intraOpThreads()).isPositive();
        assertThat(fingerprint.gpus()).hasSize(fingerprint.engine().gpuCount());
        assertThat(fingerprint.id()).hasSize(16).isEqualTo(HardwareProbe.probe().id());
    }
}
