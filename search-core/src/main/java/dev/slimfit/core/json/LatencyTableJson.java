package dev.slimfit.core.json;

import dev.slimfit.core.latency.LatencyCell;
import dev.slimfit.core.latency.LatencyCells;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.LayerKey;
import dev.slimfit.core.latency.LayerRole;
import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link LatencyTable}: one entry per shared unknown, self-describing (key, widths) so a
 * reader can check it against the space instead of trusting positions. Doubles round-trip bit for bit.
 *
 * <pre>{@code
 * {
 *   "format": "slimfit.latency-table.v1",
 *   "space": "mobilenet-v1-224",
 *   "offsetMs": 0.5,
 *   "cells": [
 *     {"kind": "CONV", "kernel": 3, "stride": 2, "inputResolution": 224, "role": "FIRST",
 *      "inputWidth": 3, "outputWidth": 8, "latencyMs": 0.0213, "observations": 412},
 *     ...
 *   ]
 * }
 * }</pre>
 */
public final class LatencyTableJson {

    public static final String FORMAT = "slimfit.latency-table.v1";

    private LatencyTableJson() {
    }

    public static String write(LatencyTable table) {
        JsonWriter out = new JsonWriter();
        out.raw("{\n  ").name("format").string(FORMAT).raw(",\n  ")
                .name("space").string(table.space().name()).raw(",\n  ")
                .name("offsetMs").number(table.offsetMs()).raw(",\n  ")
                .name("cells").raw("[");
        LatencyCells cells = table.cells();
        for (int id = 0; id < cells.unknownCount(); id++) {
            LatencyCell cell = cells.unknown(id);
            LayerKey key = cell.key();
            out.raw(id == 0 ? "\n    {" : ",\n    {")
                    .name("kind").string(key.kind().name()).raw(", ")
                    .name("kernel").number(key.kernel()).raw(", ")
                    .name("stride").number(key.stride()).raw(", ")
                    .name("inputResolution").number(key.inputResolution()).raw(", ")
                    .name("role").string(key.role().name()).raw(", ")
                    .name("inputWidth").number(cell.inputWidth()).raw(", ")
                    .name("outputWidth").number(cell.outputWidth()).raw(", ")
                    .name("latencyMs").number(table.latencyMs(id)).raw(", ")
                    .name("observations").number(table.observations(id)).raw("}");
        }
        return out.raw("\n  ]\n}\n").toString();
    }

    /** Reads a table, resolving its space by name in {@code registry}. */
    public static LatencyTable read(String json, SearchSpaceRegistry registry) {
        Map<String, Object> root = Members.object(JsonParser.parse(json), "document");
        String name = Members.string(root, "space");
        SearchSpace space = registry.find(name)
                .orElseThrow(() -> new JsonFormatException("unknown search space \"" + name + "\""));
        return read(root, space);
    }

    /** Reads a table for {@code space}; the document must name the same space and list each unknown once. */
    public static LatencyTable read(String json, SearchSpace space) {
        return read(Members.object(JsonParser.parse(json), "document"), space);
    }

    private static LatencyTable read(Map<String, Object> root, SearchSpace space) {
        Members.requireFormat(root, FORMAT);
        String name = Members.string(root, "space");
        if (!name.equals(space.name())) {
            throw new JsonFormatException("table is for space \"" + name + "\", not \"" + space.name() + "\"");
        }
        LatencyCells cells = LatencyCells.of(space);
        double[] latencyMs = new double[cells.unknownCount()];
        int[] observations = new int[cells.unknownCount()];
        boolean[] seen = new boolean[cells.unknownCount()];
        List<Object> entries = Members.array(Members.required(root, "cells"), "member \"cells\"");
        for (int n = 0; n < entries.size(); n++) {
            Map<String, Object> entry = Members.object(entries.get(n), "cells[" + n + "]");
            LatencyCell cell = new LatencyCell(new LayerKey(
                    enumValue(LayerKind.class, Members.string(entry, "kind")),
                    Members.integer(entry, "kernel"), Members.integer(entry, "stride"),
                    Members.integer(entry, "inputResolution"),
                    enumValue(LayerRole.class, Members.string(entry, "role"))),
                    Members.integer(entry, "inputWidth"), Members.integer(entry, "outputWidth"));
            String where = "cells[" + n + "] " + cell;
            int id = cells.idOf(cell).orElseThrow(() -> new JsonFormatException(
                    where + " is not an unknown of space " + space.name()));
            if (seen[id]) {
                throw new JsonFormatException("cells[" + n + "] " + cell + " is listed twice");
            }
            seen[id] = true;
            latencyMs[id] = Members.number(entry, "latencyMs");
            observations[id] = Members.integer(entry, "observations");
        }
        for (int id = 0; id < seen.length; id++) {
            if (!seen[id]) {
                throw new JsonFormatException("missing cell " + cells.unknown(id));
            }
        }
        try {
            return LatencyTable.of(cells, latencyMs, observations, Members.number(root, "offsetMs"));
        } catch (IllegalArgumentException e) {
            throw new JsonFormatException(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new JsonFormatException("unknown " + type.getSimpleName() + " \"" + name + "\"");
        }
    }
}
