package dev.slimfit.agent;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.timing.HardwareFingerprint;
import dev.slimfit.models.timing.HardwareProbe;
import dev.slimfit.models.timing.LatencyMeasurement;
import dev.slimfit.models.timing.LatencyStats;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times the plain network of a configuration with DJL on this machine. The reported latency is one statistic
 * (configurable, see {@link AgentProperties#statistic()}) of the timed runs of one forward pass of a whole batch
 * at the table's batch size; the statistic is recorded in the measurement's settings.
 */
@Component
class DjlLatencyMeter implements LatencyMeter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final AgentProperties properties;
    private final JsonMapper json;
    private volatile Map<String, Object> hardware;

    DjlLatencyMeter(AgentProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Result measure(SearchSpace space, int[] widths, int batchSize) {
        int threads = properties.threads() > 0 ? properties.threads() : Runtime.getRuntime().availableProcessors();
        LatencyTimer timer = new LatencyTimer(new TimingOptions(batchSize, properties.warmupRuns(),
                properties.timedRuns(), threads));
        LatencyMeasurement m = timer.measure(space, widths);
        LatencyStats stats = m.perBatchMs();
        double latencyMs = switch (properties.statistic()) {
            case MEDIAN -> stats.medianMs();
            case P10 -> stats.p10Ms();
            case MIN -> stats.minMs();
        };
        Map<String, Object> settings = new java.util.LinkedHashMap<>(json.convertValue(m.settings(), MAP));
        settings.put("statistic", properties.statistic().name());
        return new Result(latencyMs, stats.spreadMs(), settings);
    }

    @Override
    public Map<String, Object> hardware() {
        Map<String, Object> h = hardware;
        if (h == null) {
            HardwareFingerprint fingerprint = HardwareProbe.probe();
            h = json.convertValue(fingerprint, MAP);
            hardware = h;
        }
        return h;
    }
}
