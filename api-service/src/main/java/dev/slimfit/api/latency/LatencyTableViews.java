package dev.slimfit.api.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.slimfit.api.error.ApiException;
import dev.slimfit.core.latency.LatencyCell;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.json.JsonMapper;

/** Turns stored tables into API views, and stored entries back into a search-core {@link LatencyTable}. */
@Component
class LatencyTableViews {

    /** The JSON form of a fitted table's entries; doubles round-trip exactly through Jackson. */
    record StoredEntries(double[] latenciesMs, int[] observations, double offsetMs) {
    }

    private final ProfilingTaskStore tasks;
    private final SearchSpaceRegistry spaces;
    private final JsonMapper json;

    LatencyTableViews(ProfilingTaskStore tasks, SearchSpaceRegistry spaces, JsonMapper json) {
        this.tasks = tasks;
        this.spaces = spaces;
        this.json = json;
    }

    LatencyTableDtos.TableView summary(DeviceLatencyTable t) {
        // A table whose space was withdrawn still lists, without the extremes only a fitted model gives.
        return summary(t, spaces.find(t.searchSpace()).isPresent() ? coreTable(t) : Optional.empty());
    }

    private LatencyTableDtos.TableView summary(DeviceLatencyTable t, Optional<LatencyTable> fitted) {
        ProfilingTaskStore.Progress p = tasks.progress(t.id());
        LatencyTableDtos.FitFigures fit = t.fit() == null ? null
                : json.readValue(t.fit(), LatencyTableDtos.FitFigures.class);
        Optional<LatencyTable> ready = fitted.filter(x -> t.status() == TableStatus.READY
                || t.status() == TableStatus.LOW_QUALITY);
        Optional<LatencyExtremes.Extreme> fastest = ready.map(LatencyExtremes::fastest);
        Optional<LatencyExtremes.Extreme> slowest = ready.map(LatencyExtremes::slowest);
        return new LatencyTableDtos.TableView(t.id(), t.deviceId(), t.runtime(), t.searchSpace(), t.batchSize(),
                t.tableVersion(), t.status(), new LatencyTableDtos.Progress(p.tasks(), p.done(), p.measurements(),
                t.samples() + t.validationSamples() + t.repeatSamples()), fit, t.failureReason(), t.createdAt(), t.readyAt(),
                fastest.map(LatencyExtremes.Extreme::latencyMs).orElse(null),
                fastest.map(e -> widthList(e.widths())).orElse(null),
                slowest.map(LatencyExtremes.Extreme::latencyMs).orElse(null),
                slowest.map(e -> widthList(e.widths())).orElse(null));
    }

    LatencyTableDtos.TableDetail detail(DeviceLatencyTable t) {
        List<LatencyTableDtos.MeasurementView> measurements = new ArrayList<>();
        for (TaskKind kind : List.of(TaskKind.FIT, TaskKind.VALIDATION, TaskKind.REPEAT)) {
            tasks.measurements(t.id(), kind).forEach(m -> measurements.add(new LatencyTableDtos.MeasurementView(
                    kind.name(), m.widths(), m.latencyMs(), m.spreadMs())));
        }
        Optional<LatencyTable> table = coreTable(t);
        List<LatencyTableDtos.Entry> entries = new ArrayList<>();
        table.ifPresent(lt -> {
            for (int id = 0; id < lt.cells().unknownCount(); id++) {
                LatencyCell cell = lt.cells().unknown(id);
                entries.add(new LatencyTableDtos.Entry(cell.key().toString(), cell.inputWidth(), cell.outputWidth(),
                        lt.latencyMs(id), lt.observations(id)));
            }
        });
        return new LatencyTableDtos.TableDetail(summary(t, table), table.map(LatencyTable::offsetMs).orElse(0.0),
                entries, measurements);
    }

    private static List<Integer> widthList(int[] widths) {
        return java.util.Arrays.stream(widths).boxed().toList();
    }

    /** The fitted table, when the stored one has entries (READY or LOW_QUALITY). */
    Optional<LatencyTable> coreTable(DeviceLatencyTable t) {
        if (t.entries() == null) {
            return Optional.empty();
        }
        SearchSpace space = spaces.find(t.searchSpace()).orElseThrow(() -> new ApiException(409,
                "space-withdrawn", "Conflict", "search space " + t.searchSpace() + " is no longer offered", null));
        StoredEntries stored = json.readValue(t.entries(), StoredEntries.class);
        return Optional.of(LatencyTable.of(space, stored.latenciesMs(), stored.observations(), stored.offsetMs()));
    }

    String entriesJson(LatencyTable table) {
        return json.writeValueAsString(new StoredEntries(table.latenciesMs(), table.observationCounts(),
                table.offsetMs()));
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }
}
