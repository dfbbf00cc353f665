package dev.slimfit.models.timing;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.models.engine.EngineThreads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTimerTest {

    private final SearchSpace space = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    @Test
    void timesATinyNetworkAndRecordsWhatWasPinned() {
        LatencyTimer timer = new LatencyTimer(new TimingOptions(8, 2, 7, 1));

        LatencyMeasurement measurement = timer.measure(space, space.smallest());

        LatencyStats stats = measurement.perBatchMs();
        assertThat(stats.medianMs()).isPositive().isFinite();
        assertThat(stats.minMs()).isLessThanOrEqualTo(stats.p10Ms());
        assertThat(stats.p10Ms()).isLessThanOrEqualTo(stats.medianMs());
        assertThat(stats.medianMs()).isLessThanOrEqualTo(stats.p90Ms());
        assertThat(stats.p90Ms()).isLessThanOrEqualTo(stats.maxMs());
        assertThat(stats.samples()).isEqualTo(7);
        assertThat(measurement.samplesMs()).hasSize(7).allSatisfy(sample -> assertThat(sample).isPositive());
        assertThat(measurement.medianMsPerImage()).isEqualTo(stats.medianMs() / 8);
        assertThat(measurement.perImageMs().maxMs()).isEqualTo(stats.maxMs() / 8);

        TimingSettings settings = measurement.settings();
        assertThat(settings.engineName()).isEqualTo("PyTorch");
        assertThat(settings.engineVersion()).startsWith("2.7.1");
        assertThat(settings.nativeFlavor()).isEqualTo("cpu");
        assertThat(settings.device()).isEqualTo("cpu()");
        assertThat(settings.dataType()).isEqualTo("float32");
        assertThat(settings.batchSize()).isEqualTo(8);
        assertThat(settings.inputShape()).containsExactly(8L, 1L, 28L, 28L);
        assertThat(settings.intraOpThreads()).isEqualTo(1);
        assertThat(settings.interOpThreads()).isPositive();
        assertThat(settings.warmupRuns()).isEqualTo(2);
        assertThat(settings.timedRuns()).isEqualTo(7);
    }

    @Test
    void pinsTheRequestedIntraOpThreadsAndRestoresThePreviousCount() {
        int before = EngineThreads.intraOp();
        int requested = before == 1 ? 2 : 1;

        LatencyMeasurement measurement = new LatencyTimer(new TimingOptions(2, 0, 1, requested))
                .measure(space, space.smallest());

        assertThat(measurement.settings().intraOpThreads()).isEqualTo(requested);
        assertThat(EngineThreads.intraOp()).isEqualTo(before);
    }

    @Test
    void statisticsInterpolatePercentiles() {
        LatencyStats stats = LatencyStats.of(new double[] {5, 1, 4, 2, 3});

        assertThat(stats.medianMs()).isEqualTo(3);
        assertThat(stats.p10Ms()).isEqualTo(1.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(stats.p90Ms()).isEqualTo(4.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(stats.minMs()).isEqualTo(1);
        assertThat(stats.maxMs()).isEqualTo(5);
        assertThat(stats.meanMs()).isEqualTo(3);
        assertThat(stats.spreadMs()).isEqualTo(3.2, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aowsProtocolIsBatch64With10WarmUpAnd60TimedRuns() {
        assertThat(TimingOptions.aows(4)).isEqualTo(new TimingOptions(64, 10, 60, 4));
    }
}
