package dev.slimfit.worker.search.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointFileTest {

    private static Checkpoint sample(int epoch) {
        CheckpointHeader header = new CheckpointHeader("job|v3", "OWS", "fine-tune", false, epoch, 3, 42, 7, 1.5, 448,
                Map.of("crossEntropy", 0.4, "sampled", Double.NaN));
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("state.json", "{\"widths\":[8,16]}".getBytes(StandardCharsets.UTF_8));
        sections.put("network", new byte[] {1, 2, 3, 4});
        sections.put("optimizer", new byte[] {9, 8, 7});
        sections.put("empty", new byte[0]);
        return new Checkpoint(header, sections);
    }

    @Test
    void roundTripsTheHeaderAndEverySectionInOrder(@TempDir Path workDir) {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(2));

        Checkpoint read = file.read().orElseThrow();

        CheckpointHeader header = read.header();
        assertThat(header.fingerprint()).isEqualTo("job|v3");
        assertThat(header.method()).isEqualTo("OWS");
        assertThat(header.phase()).isEqualTo("fine-tune");
        assertThat(header.phaseComplete()).isFalse();
        assertThat(header.completedEpochs()).isEqualTo(2);
        assertThat(header.stepInEpoch()).isEqualTo(3);
        assertThat(header.globalStep()).isEqualTo(42);
        assertThat(header.phaseStep()).isEqualTo(7);
        assertThat(header.phaseSeconds()).isEqualTo(1.5);
        assertThat(header.phaseImages()).isEqualTo(448);
        assertThat(header.lastLosses()).containsEntry("crossEntropy", 0.4);
        assertThat(header.lastLosses().get("sampled")).isNaN();
        assertThat(read.sections().keySet()).containsExactly("state.json", "network", "optimizer", "empty");
        assertThat(read.required("network")).containsExactly(1, 2, 3, 4);
        assertThat(read.required("optimizer")).containsExactly(9, 8, 7);
        assertThat(read.required("empty")).isEmpty();
        assertThat(read.section("targets")).isEmpty();
        assertThat(new String(read.required("state.json"), StandardCharsets.UTF_8)).isEqualTo("{\"widths\":[8,16]}");
    }

    @Test
    void aMissingRequiredSectionNamesItAndThePhase(@TempDir Path workDir) {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(1));

        Checkpoint read = file.read().orElseThrow();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read.required("targets"))
                .hasMessageContaining("targets").hasMessageContaining("fine-tune");
    }

    @Test
    void aFileOfAnOlderLayoutIsMovedAsideInsteadOfResumed(@TempDir Path workDir) throws Exception {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(3));
        byte[] bytes = Files.readAllBytes(file.path());
        bytes[13] = '2'; // "SLIMFIT-CKPT-2": what workers before the phase runner wrote

        Files.write(file.path(), bytes);

        assertThat(file.read()).isEmpty();
        assertThat(workDir.resolve("checkpoint.bin.corrupt")).isRegularFile();
        assertThat(file.exists()).isFalse();
    }

    @Test
    void replacesThePreviousCheckpointAndLeavesNoTemporaryFile(@TempDir Path workDir) throws Exception {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(1));
        file.write(sample(2));

        assertThat(file.read().orElseThrow().header().completedEpochs()).isEqualTo(2);
        try (var entries = Files.list(workDir)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("checkpoint.bin");
        }
    }

    @Test
    void aDamagedFileIsMovedAsideInsteadOfResumed(@TempDir Path workDir) throws Exception {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(1));
        byte[] bytes = Files.readAllBytes(file.path());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file.path(), bytes);

        assertThat(file.read()).isEmpty();
        assertThat(workDir.resolve("checkpoint.bin.corrupt")).isRegularFile();
        assertThat(file.exists()).isFalse();
    }

    @Test
    void noFileMeansNoCheckpoint(@TempDir Path workDir) {
        assertThat(new CheckpointFile(workDir).read()).isEmpty();
    }
}
