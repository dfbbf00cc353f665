package dev.slimfit.api.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Plays a profiler agent over real HTTP with a planted device: by default latency = 0.2 ms + 2 ns per MAC, times
 * 1 +- 1% noise. MACs are exactly pairwise-additive, so a correct fit must recover this device almost perfectly.
 * Other planted devices ({@link Device}) play noisy, flat or slow hardware.
 */
public final class SimulatedAgent {

    /** A planted device: the latency it reports for a network, drawing any noise from {@code noise}. */
    @FunctionalInterface
    public interface Device {
        double timeMs(SearchSpace space, int[] widths, Random noise);
    }

    /** The default device: the planted MAC latency with 1% noise. */
    public static final Device ADDITIVE = (space, widths, noise) ->
            plantedMs(space, widths) * (1 + 0.01 * noise.nextGaussian());

    private final ApiClient api;
    private final String token;
    private final Random noise = new Random(7);
    private final Device device;

    public SimulatedAgent(ApiClient api, String token) {
        this(api, token, ADDITIVE);
    }

    public SimulatedAgent(ApiClient api, String token, Device device) {
        this.api = api;
        this.token = token;
        this.device = device;
    }

    public static double plantedMs(SearchSpace space, int[] widths) {
        return 0.2 + 2e-6 * NetworkCost.macs(space, widths);
    }

    /** Claims one task (no waiting); null when there is none. */
    public JsonNode claim() {
        ApiClient.Response r = api.post("/api/v1/profiling-tasks/claim?waitSeconds=0", token, null);
        if (r.status() == 204) {
            return null;
        }
        if (r.status() != 200) {
            throw new IllegalStateException("claim answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** Measures, uploads in two batches and completes one claimed task. */
    public void finish(JsonNode task) {
        SearchSpace space = SearchSpaceRegistry.builtIn().find(task.get("searchSpace").asString()).orElseThrow();
        List<Map<String, Object>> rows = new ArrayList<>();
        JsonNode configurations = task.get("configurations");
        for (int i = 0; i < configurations.size(); i++) {
            List<Integer> widths = new ArrayList<>();
            configurations.get(i).forEach(w -> widths.add(w.asInt()));
            double ms = Math.max(1e-6, device.timeMs(space, widths.stream().mapToInt(Integer::intValue).toArray(),
                    noise));
            rows.add(Map.of("index", i, "widths", widths, "latencyMs", ms, "spreadMs", 0.01,
                    "settings", Map.of("threads", 1)));
        }
        String id = task.get("taskId").asString();
        int half = rows.size() / 2;
        upload(id, rows.subList(0, half));
        upload(id, rows.subList(half, rows.size()));
        ApiClient.Response done = api.post("/api/v1/profiling-tasks/" + id + "/complete", token, null);
        if (done.status() != 204) {
            throw new IllegalStateException("complete answered " + done.status() + ": " + done.body());
        }
    }

    ApiClient.Response upload(String taskId, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        ApiClient.Response r = api.post("/api/v1/profiling-tasks/" + taskId + "/measurements", token,
                ApiClient.json(Map.of("measurements", rows)));
        if (r.status() != 200) {
            throw new IllegalStateException("upload answered " + r.status() + ": " + r.body());
        }
        return r;
    }

    /** Works until no task is left. @return tasks finished */
    public int drain() {
        int finished = 0;
        JsonNode task;
        while ((task = claim()) != null) {
            finish(task);
            finished++;
        }
        return finished;
    }
}
