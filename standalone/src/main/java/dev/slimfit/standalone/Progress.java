package dev.slimfit.standalone;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Live progress in the terminal, from polling the API: a bar redrawn in place on a terminal, a line every few
 * seconds (and at every phase change) when the output is a file or a CI log.
 */
final class Progress {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final long LOG_EVERY_NANOS = 15_000_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Polls a job until it finishes, showing phase, epoch, loss, throughput and ETA; returns the finished job. */
    JsonNode follow(ApiClient team, String id, String label) throws InterruptedException {
        String lastPhase = "";
        long lastLine = 0;
        while (true) {
            JsonNode job = team.get("/api/v1/jobs/" + id);
            String status = job.get("status").asString();
            JsonNode progress = job.get("progress");
            String line;
            String phase = status;
            if (progress != null && !progress.isNull() && !TERMINAL.contains(status)) {
                phase = text(progress, "phase", status);
                int epochs = job.get("training").get("epochs").asInt() + job.get("training").get("finalEpochs").asInt();
                double done = fraction(progress.get("step").asLong(), progress.get("totalSteps").asLong());
                line = String.format(Locale.ROOT, "%-8s %s %3.0f%%  %-9s %d/%d  epoch %d/%d  loss %s  %4.0f img/s  ETA %s",
                        label, bar(done), 100 * done, phase, progress.get("phaseStep").asLong(),
                        progress.get("phaseSteps").asLong(), progress.get("epoch").asInt(), epochs, loss(progress),
                        progress.get("imagesPerSecond").asDouble(), eta(progress.get("etaSeconds").asDouble()));
            } else {
                line = String.format(Locale.ROOT, "%-8s %s %s", label, bar(TERMINAL.contains(status) ? 1 : 0), status);
            }
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r" + line + "   ");
            } else if (!phase.equals(lastPhase) || now - lastLine > LOG_EVERY_NANOS || TERMINAL.contains(status)) {
                out.println(line);
                lastLine = now;
            }
            lastPhase = phase;
            if (TERMINAL.contains(status)) {
                if (terminal) {
                    out.println();
                }
                return job;
            }
            Thread.sleep(1000);
        }
    }

    /** Polls a latency table until it is READY (returned) or FAILED (an exception saying why). */
    JsonNode followTable(ApiClient team, String id) throws InterruptedException {
        long lastLine = 0;
        while (true) {
            JsonNode table = team.get("/api/v1/latency-tables/" + id);
            String status = table.get("status").asString();
            JsonNode progress = table.get("progress");
            int measured = progress == null || progress.isNull() ? 0 : progress.get("measurements").asInt();
            int expected = progress == null || progress.isNull() ? 1 : progress.get("measurementsExpected").asInt();
            double done = "READY".equals(status) ? 1 : fraction(measured, expected);
            String line = String.format(Locale.ROOT, "%-8s %s %3.0f%%  %s  %d/%d networks timed", "table", bar(done),
                    100 * done, status, measured, expected);
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r" + line + "   ");
            } else if (now - lastLine > LOG_EVERY_NANOS || !"PROFILING".equals(status)) {
                out.println(line);
                lastLine = now;
            }
            if ("READY".equals(status) || "LOW_QUALITY".equals(status)) {
                if (terminal) {
                    out.println();
                }
                return table;
            }
            if ("FAILED".equals(status)) {
                if (terminal) {
                    out.println();
                }
                throw new IllegalStateException("the latency table failed: " + text(table, "failureReason", "?"));
            }
            Thread.sleep(1000);
        }
    }

    private static String loss(JsonNode progress) {
        JsonNode losses = progress.get("losses");
        if (losses != null) {
            for (var entry : losses.properties()) {
                if (!entry.getKey().equals("resumedFromEpoch")) {
                    return String.format(Locale.ROOT, "%.3f", entry.getValue().asDouble());
                }
            }
        }
        return "-";
    }

    private static String eta(double seconds) {
        if (seconds < 0) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    private static double fraction(long done, long total) {
        return total <= 0 ? 0 : Math.min(1, (double) done / total);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asString();
    }
}
