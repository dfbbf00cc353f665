package dev.slimfit.agent;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.models.timing.HardwareFingerprint;
import dev.slimfit.models.timing.HardwareProbe;
import dev.slimfit.models.timing.LatencyMeasurement;
import dev.slimfit.models.timing.LatencyTimer;
import dev.slimfit.models.timing.TimingOptions;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Times the plain network of a configuration with DJL on this machine. The reported latency is the median of the
 * timed runs for one forward pass of a whole batch at the table's batch size.
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
        return new Result(m.medianMsPerBatch(), m.perBatchMs().spreadMs(), json.convertValue(m.settings(), MAP));
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
