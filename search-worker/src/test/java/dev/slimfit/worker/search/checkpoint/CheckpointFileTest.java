package dev.slimfit.worker.search.checkpoint;

import dev.slimfit.worker.search.sample.UnaryEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointFileTest {

    private static Checkpoint sample(int epoch) {
        UnaryEvidence.State unaries = new UnaryEvidence.State(4, new int[][] {{0, 1}, {1, 1}},
                new double[] {0.5, -0.25},
                new double[][] {{0.5, 0.0}, {0.0, 0.25}}, new long[][] {{1, 0}, {0, 2}});
        SupernetSummary summary = new SupernetSummary(new int[] {8, 16}, 0.75, 0.5, Double.NaN, 0.6, 12.5, 900,
                new double[][] {{-0.5, Double.NaN}, {0.0, -0.25}});
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
        assertThat(state.supernet().unaries()[0][0]).isEqualTo(-0.5);
        assertThat(state.supernet().unaries()[0][1]).isNaN();
        assertThat(state.supernet().unaries()[1]).containsExactly(0.0, -0.25);
        assertThat(state.unaries().windowChoices()).isDeepEqualTo(new int[][] {{0, 1}, {1, 1}});
        assertThat(state.unaries().lifetimeCounts()).isDeepEqualTo(new long[][] {{1, 0}, {0, 2}});
        assertThat(state.lastLosses()).containsEntry("crossEntropy", 0.4);
    }

    @Test
    void roundTripsDistillationTargets(@TempDir Path workDir) {
        CheckpointFile file = new CheckpointFile(workDir);
        Checkpoint plain = sample(2);
        file.write(new Checkpoint(plain.state(), plain.network(), plain.optimizer(), new byte[] {5, 6, 7, 8, 9}));

        Checkpoint read = file.read().orElseThrow();

        assertThat(read.targets()).containsExactly(5, 6, 7, 8, 9);
        assertThat(read.optimizer()).containsExactly(9, 8, 7);
        assertThat(sample(1).targets()).isEmpty();
    }

    @Test
    void readsAFileOfTheFirstLayoutAsHavingNoTargets(@TempDir Path workDir) throws Exception {
        CheckpointFile file = new CheckpointFile(workDir);
        file.write(sample(3));
        byte[] current = Files.readAllBytes(file.path());
        // The first layout: the same magic but for its version digit, three sections, no targets section.
        byte[] body = Arrays.copyOf(current, current.length - 8 - 8);
        body[13] = '1';
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(body);
        out.writeLong(crc.getValue());
        out.flush();
        Files.write(file.path(), bytes.toByteArray());

        Checkpoint read = file.read().orElseThrow();

        assertThat(read.state().completedEpochs()).isEqualTo(3);
        assertThat(read.optimizer()).containsExactly(9, 8, 7);
        assertThat(read.targets()).isEmpty();
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
