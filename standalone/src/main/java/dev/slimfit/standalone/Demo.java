package dev.slimfit.standalone;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * {@code ./slimfit demo}: what a team does on a fresh node, through the public API only. It registers a team,
 * waits for this machine's CPU to appear as a device (the node's own profiler agent), has a latency table built
 * for {@value #SPACE} on it, picks a latency budget inside the table's range, runs an AOWS search and the uniform
 * baseline under that budget on Fashion-MNIST with live progress, then prints both results side by side, measured
 * latency included. {@code --quick} trains on fewer images for fewer epochs (a few minutes on 2 cores).
 */
final class Demo {

    static final String TEAM_KEY = "demo-team-key";
    static final String SPACE = "fmnist-small";
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** Where in the table's predicted range the budget sits: tight enough that widths matter. */
    static final double BUDGET_POSITION = 0.35;

    private record Plan(int tableBatch, int samples, int validationSamples, int epochs, int finalEpochs,
                        Integer trainImages) {
    }

    private final NodeState state;
    private final boolean quick;
    private final PrintStream out;
    private final Progress progress;

    Demo(NodeState state, boolean quick, PrintStream out) {
        this.state = state;
        this.quick = quick;
        this.out = out;
        this.progress = new Progress(out, System.console() != null);
    }

    int run() throws Exception {
        if (!Files.exists(FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"))
                && !Files.exists(FASHION_MNIST.resolve("train-images-idx3-ubyte"))) {
            out.println("Fashion-MNIST is not installed: the demo trains on it. On Debian or Ubuntu:");
            out.println("  sudo apt-get install dataset-fashion-mnist");
            out.println("(it puts the IDX files in " + FASHION_MNIST + "); then run ./slimfit demo again.");
            return 4;
        }
        Plan plan = quick ? new Plan(64, 300, 75, 4, 2, 8000) : new Plan(64, 600, 150, 8, 4, null);
        ApiClient team = team();
        out.println("1/4 Waiting for this machine's CPU to register as a device ...");
        JsonNode device = awaitDevice(team);
        out.println("    device " + device.get("name").asString() + " (" + device.get("id").asString() + ") ONLINE");

        out.println("2/4 Building a latency table for " + SPACE + " on it (" + plan.samples() + " + "
                + plan.validationSamples() + " networks timed at batch " + plan.tableBatch() + ") ...");
        JsonNode table = latencyTable(team, device.get("id").asString(), plan);
        double min = table.get("minLatencyMs").asDouble();
        double max = table.get("maxLatencyMs").asDouble();
        JsonNode fit = table.get("fit");
        boolean lowQuality = "LOW_QUALITY".equals(table.get("status").asString());
        out.printf(Locale.ROOT, "    %s: predicted %.3f to %.3f ms per batch; held-out error %.1f%% NRMSE, %.0f%%"
                        + " within 10%%%n", table.get("status").asString(), min, max,
                fit.get("validationNrmsePercent").asDouble(), 100 * fit.get("validationWithin10Percent").asDouble());
        if (lowQuality) {
            out.println("    " + table.get("failureReason").asString());
            out.println("    The demo searches on it anyway (budget.acceptLowQualityTable): its predicted latencies"
                    + " are rough on this machine.");
        }
        double budget = round(min + BUDGET_POSITION * (max - min));

        out.printf(Locale.ROOT, "3/4 Searching: AOWS and the uniform baseline under %.3f ms on %s (%d+%d epochs%s)"
                + "%n", budget, device.get("name").asString(), plan.epochs(), plan.finalEpochs(),
                plan.trainImages() == null ? "" : ", " + plan.trainImages() + " training images");
        String aows = submit(team, "AOWS", budget, device.get("id").asString(), plan, lowQuality);
        String uniform = submit(team, "UNIFORM", budget, device.get("id").asString(), plan, lowQuality);
        JsonNode aowsJob = progress.follow(team, aows, "AOWS");
        JsonNode uniformJob = progress.follow(team, uniform, "UNIFORM");
        if (!"SUCCEEDED".equals(aowsJob.get("status").asString())
                || !"SUCCEEDED".equals(uniformJob.get("status").asString())) {
            out.println("A job did not succeed: AOWS " + describe(aowsJob) + ", UNIFORM " + describe(uniformJob));
            return 5;
        }
        out.println("4/4 Timing both networks on the device ...");
        aowsJob = awaitMeasured(team, aows);
        uniformJob = awaitMeasured(team, uniform);
        report(budget, plan.tableBatch(), aowsJob, uniformJob);
        boolean within = withinBudget(aowsJob, budget);
        out.println();
        out.println("The node keeps running: dashboard at " + state.apiUrl() + "/ (sign in with the demo team's key, "
                + TEAM_KEY + " in " + state.dir().resolve(NodeState.SETTINGS) + "), API docs at " + state.apiUrl()
                + "/swagger-ui.html");
        out.println("Stop it with ./slimfit stop; ./slimfit up starts it again with its jobs and tables.");
        return within ? 0 : 6;
    }

    private ApiClient team() throws Exception {
        ApiClient api = new ApiClient(state.apiUrl());
        if (state.optional(TEAM_KEY).isEmpty()) {
            JsonNode created = api.withKey(state.get("admin-key")).post("/api/v1/admin/teams",
                    Map.of("name", "demo-" + UUID.randomUUID().toString().substring(0, 8)));
            state.put(TEAM_KEY, created.get("apiKey").asString());
            out.println("Created a demo team; its API key (shown this once, kept in "
                    + state.dir().resolve(NodeState.SETTINGS) + "), for the dashboard and curl:");
            out.println("    " + created.get("apiKey").asString());
        }
        return api.withKey(state.get(TEAM_KEY));
    }

    private JsonNode awaitDevice(ApiClient team) throws InterruptedException {
        String name = LocalNode.deviceName();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode device : team.get("/api/v1/devices")) {
                if (device.get("name").asString().equals(name) && device.get("status").asString().equals("ONLINE")) {
                    return device;
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the node's profiler agent did not register " + name + " within 3 minutes;"
                + " see " + state.dir().resolve(NodeState.LOG));
    }

    private JsonNode latencyTable(ApiClient team, String deviceId, Plan plan) throws InterruptedException {
        for (JsonNode table : team.get("/api/v1/devices/" + deviceId + "/latency-tables")) {
            String status = table.get("status").asString();
            if (table.get("searchSpace").asString().equals(SPACE) && table.get("batchSize").asInt() == plan.tableBatch()
                    && (status.equals("READY") || status.equals("LOW_QUALITY"))) {
                out.println("    reusing table " + table.get("id").asString());
                return team.get("/api/v1/latency-tables/" + table.get("id").asString());
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("deviceId", deviceId);
        request.put("searchSpace", SPACE);
        request.put("batchSize", plan.tableBatch());
        request.put("samples", plan.samples());
        request.put("validationSamples", plan.validationSamples());
        String id = team.post("/api/v1/latency-tables", request).get("id").asString();
        return progress.followTable(team, id);
    }

    private String submit(ApiClient team, String method, double budget, String deviceId, Plan plan,
                          boolean acceptLowQuality) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", plan.epochs());
        training.put("finalEpochs", plan.finalEpochs());
        training.put("batchSize", 64);
        training.put("seed", 1);
        if (plan.trainImages() != null) {
            training.put("trainImages", plan.trainImages());
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("method", method);
        spec.put("searchSpace", SPACE);
        spec.put("dataset", "fashion-mnist");
        spec.put("budget", acceptLowQuality
                ? Map.of("latencyMs", budget, "deviceId", deviceId, "acceptLowQualityTable", true)
                : Map.of("latencyMs", budget, "deviceId", deviceId));
        spec.put("training", training);
        String key = "demo-" + method + "-" + budget + "-" + plan.hashCode() + "-" + UUID.randomUUID();
        return team.post("/api/v1/jobs", spec, key).get("id").asString();
    }

    private JsonNode awaitMeasured(ApiClient team, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode job = team.get("/api/v1/jobs/" + id);
        while (System.nanoTime() < deadline && measured(job) == null) {
            Thread.sleep(1000);
            job = team.get("/api/v1/jobs/" + id);
        }
        return job;
    }

    private void report(double budget, int batch, JsonNode aows, JsonNode uniform) {
        out.println();
        out.printf(Locale.ROOT, "Result under a latency budget of %.3f ms per batch of %d Fashion-MNIST images (%s)%n",
                budget, batch, SPACE);
        out.printf(Locale.ROOT, "  %-8s %-24s %9s %9s %13s %13s%n", "method", "widths", "accuracy", "MMACs",
                "predicted ms", "measured ms");
        for (JsonNode job : List.of(aows, uniform)) {
            JsonNode result = job.get("result");
            List<Integer> widths = new ArrayList<>();
            result.get("widths").forEach(w -> widths.add(w.asInt()));
            Double measured = measured(job);
            out.printf(Locale.ROOT, "  %-8s %-24s %8.2f%% %9.2f %13.3f %13s%s%n", job.get("method").asString(),
                    widths.toString().replace(" ", ""), 100 * result.get("testAccuracy").asDouble(),
                    result.get("macs").asLong() / 1e6, result.get("predictedLatencyMs").asDouble(),
                    measured == null ? "(not timed)" : String.format(Locale.ROOT, "%.3f", measured),
                    measured != null && measured > budget ? "  over budget as measured" : "");
        }
        out.println("  (predicted: the device's latency table; measured: the device timing the network; a small"
                + " table on a busy machine can be tens of percent off)");
        JsonNode correction = aows.get("result").get("latencyCorrection");
        if (correction != null && !correction.isNull()) {
            out.printf(Locale.ROOT, "  AOWS on the device before its final training: %s%s (%s)%n",
                    correction.get("outcome").asString(), correction.get("metInRound").isNumber()
                            ? " in round " + correction.get("metInRound").asInt() + " of "
                            + correction.get("maxRounds").asInt() : "", correction.get("note").asString());
        }
        double gain = aows.get("result").get("testAccuracy").asDouble()
                - uniform.get("result").get("testAccuracy").asDouble();
        out.printf(Locale.ROOT, "  AOWS %s the uniform baseline by %.2f points of test accuracy at the same budget%n",
                gain >= 0 ? "beats" : "trails", Math.abs(100 * gain));
        double predicted = aows.get("result").get("predictedLatencyMs").asDouble();
        Double aowsMeasured = measured(aows);
        String asMeasured = aowsMeasured == null ? "not timed on the device"
                : aowsMeasured <= budget + 1e-9 ? String.format(Locale.ROOT, "measured %.3f ms, within budget as"
                        + " measured", aowsMeasured)
                : String.format(Locale.ROOT, "measured %.3f ms, OVER BUDGET AS MEASURED by %.1f%%", aowsMeasured,
                        100 * (aowsMeasured - budget) / budget);
        out.printf(Locale.ROOT, "  AOWS predicted %.3f ms <= budget %.3f ms: %s; %s%n", predicted, budget,
                withinBudget(aows, budget) ? "within budget" : "OVER BUDGET", asMeasured);
    }

    /** Within the budget by the table it was decoded under (a measurement is reported beside it). */
    private static boolean withinBudget(JsonNode job, double budget) {
        return job.get("result").get("predictedLatencyMs").asDouble() <= budget + 1e-9;
    }

    private static Double measured(JsonNode job) {
        JsonNode result = job.get("result");
        if (result == null || result.isNull()) {
            return null;
        }
        JsonNode measured = result.get("measuredLatencyMs");
        return measured == null || measured.isNull() ? null : measured.asDouble();
    }

    private static String describe(JsonNode job) {
        JsonNode failure = job.get("failure");
        return job.get("status").asString() + (failure == null || failure.isNull() ? ""
                : " (" + failure.get("type").asString() + ": " + failure.get("message").asString() + ")");
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
