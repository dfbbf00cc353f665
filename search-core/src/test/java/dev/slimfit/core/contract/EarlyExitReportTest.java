package dev.slimfit.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** An ENAS4D result's early-exit report travels inside the job result and back unchanged; others carry none. */
class EarlyExitReportTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private static EarlyExitReport report() {
        return new EarlyExitReport(List.of(new EarlyExitReport.Stage(2, 5, 12), new EarlyExitReport.Stage(1, 3, 24),
                new EarlyExitReport.Stage(2, 3, 48)), 28, List.of(0.93, Math.nextUp(1.0), 0.0), "direct",
                List.of(0.41, 0.0, 0.59), List.of(0.43, 0.0, 0.57), List.of(0.71, 0.78, 0.82),
                List.of(120_000L, 190_000L, 410_000L), 300_000, 292_600, 285_300, 410_000L, 0.83, 0.821);
    }

    @Test
    void theExitReportRoundTripsInsideTheResult() {
        EarlyExitReport report = report();
        JobResult result = new JobResult(List.of(12, 24, 48), 410_000L, 9000L, null, null, 0.821, "cpu", null,
                List.of(), Map.of("averageMacs", 285_300.0), List.of("architecture.json"), null, report);

        String written = json.writeValueAsString(result);
        JobResult back = json.readValue(written, JobResult.class);

        assertThat(back).isEqualTo(result);
        assertThat(json.readTree(written).get("enas4d").get("stages").get(0).get("kernel").asInt()).isEqualTo(5);
        assertThat(back.enas4d().thresholds().get(1)).as("a closed exit's threshold survives JSON exactly")
                .isEqualTo(Math.nextUp(1.0));
        assertThat(back.dnal()).isNull();
        assertThat(back.withMeasuredLatency(0.4).enas4d()).isEqualTo(report);
        assertThat(back.withMeasuredLatency(0.4).measuredLatencyMs()).isEqualTo(0.4);
    }

    @Test
    void olderResultsReadWithoutTheReport() {
        JobResult dnalOnly = new JobResult(List.of(8), 1L, 1L, null, null, 0.5, "cpu", null, List.of(), Map.of(),
                List.of(), new DnalReport(1, 2, "scaled", 3, 0.99, List.of()));

        assertThat(dnalOnly.enas4d()).isNull();
        assertThat(json.readTree(json.writeValueAsString(dnalOnly)).get("enas4d").isNull()).isTrue();
        assertThat(json.readValue("{\"widths\":[8],\"macs\":1,\"params\":1}", JobResult.class).enas4d()).isNull();
    }

    @Test
    void everyPerExitListMustHaveOneEntryPerStage() {
        EarlyExitReport good = report();

        assertThatThrownBy(() -> new EarlyExitReport(good.stages(), 28, List.of(0.9, 0.0), "direct",
                good.validationExitShares(), good.testExitShares(), good.exitAccuracies(), good.cumulativeMacs(),
                1, 1, 1, 1, 0.5, 0.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per exit");
    }
}
