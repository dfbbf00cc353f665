package dev.slimfit.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** A DNAL result's gate report travels inside the job result and back unchanged; other results carry none. */
class DnalReportTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theGateReportRoundTripsInsideTheResult() {
        DnalReport report = new DnalReport(3.5, 1e4, "decoded", 1.2e6, 0.998, List.of(
                new DnalReport.GateLayer(0, 24, 9, 12, List.of(11, 0, 0, 0, 1, 0, 0, 0, 0, 12)),
                new DnalReport.GateLayer(1, 48, 30, 28, List.of(18, 0, 0, 0, 0, 0, 0, 0, 0, 30))));
        JobResult result = new JobResult(List.of(12, 28), 1_000_000L, 5000L, null, null, 0.8, "cpu", null,
                List.of(), Map.of("lambda", 3.5), List.of(), report);

        JobResult back = json.readValue(json.writeValueAsString(result), JobResult.class);

        assertThat(back).isEqualTo(result);
        assertThat(back.dnal().layers().get(1).histogram()).hasSize(10);
        assertThat(back.withMeasuredLatency(0.7).dnal()).isEqualTo(report);
        assertThat(back.withMeasuredLatency(0.7).measuredLatencyMs()).isEqualTo(0.7);
    }

    @Test
    void aResultWithoutTheReportReadsAsNull() {
        JobResult plain = new JobResult(List.of(8), 1L, 1L, null, null, 0.5, "cpu", null, List.of(), Map.of(),
                List.of());

        assertThat(json.readTree(json.writeValueAsString(plain)).get("dnal").isNull()).isTrue();
        assertThat(json.readValue("{\"widths\":[8],\"macs\":1,\"params\":1}", JobResult.class).dnal()).isNull();
    }
}
