package dev.slimfit.worker.search.checkpoint;

import dev.slimfit.worker.search.sample.UnaryEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointFileTest {

    private static Checkpoint sample(int epoch) {
        UnaryEvidence.State unaries = new UnaryEvidence.State(4, new int[][] {{0, 1}, {1, 1}},
                new double[] {0.5, -0.25},
                new double[][] {{0.5, 0.0}, {0.0, 0.25}}, new long[][] {{1, 0}, {0, 2}});
        SupernetSummary summary = new SupernetSummary(new int[] {8, 16}, 0.75, 0.5, Double.NaN, 0.6, 12.5, 900);
        CheckpointState state = new CheckpointState("job|v1", Phase.PLAIN, epoch, 3, 42, 7, 1.5, 448, unaries,
                new int[] {8, 16}, summary, Map.of("crossEntropy", 0.4));
        return new Checkpoint(state, new byte[] {1, 2, 3, 4}, new byte[] {9, 8, 7});
    }

    @Test
    void roundTripsEverything(@TempDir Path workDir) {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(2));

        Checkpoint read = file.read().orElseThrow();

        assertThat(read.network()).containsExactly(1, 2, 3, 4);
        assertThat(read.optimizer()).containsExactly(9, 8, 7);
        CheckpointState state = read.state();
        assertThat(state.fingerprint()).isEqualTo("job|v1");
        assertThat(state.phase()).isEqualTo(Phase.PLAIN);
        assertThat(state.completedEpochs()).isEqualTo(2);
        assertThat(state.stepInEpoch()).isEqualTo(3);
        assertThat(state.plainWidths()).containsExactly(8, 16);
        assertThat(state.supernet().lossSmallest()).isNaN();
        assertThat(state.unaries().windowChoices()).isDeepEqualTo(new int[][] {{0, 1}, {1, 1}});
        assertThat(state.unaries().lifetimeCounts()).isDeepEqualTo(new long[][] {{1, 0}, {0, 2}});
        assertThat(state.lastLosses()).containsEntry("crossEntropy", 0.4);
    }

    @Test
    void replacesThePreviousCheckpointAndLeavesNoTemporaryFile(@TempDir Path workDir) throws Exception {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(1));
        file.write(sample(2));

        assertThat(file.read().orElseThrow().state().completedEpochs()).isEqualTo(2);
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
