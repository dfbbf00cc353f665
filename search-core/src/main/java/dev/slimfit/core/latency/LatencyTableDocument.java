package dev.slimfit.core.latency;

import java.util.ArrayList;
import java.util.List;

import dev.slimfit.core.space.LayerKind;
import dev.slimfit.core.space.SearchSpace;

/**
 * The wire form of a {@link LatencyTable}: one cell per shared unknown, self-describing (layer key and widths) so a
 * reader checks it against its space instead of trusting positions. A plain record that Jackson (or any JSON
 * binder for records) serialises at both ends; doubles are carried as JSON numbers and round-trip bit for bit.
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
 *
 * @param format   always {@value #FORMAT}
 * @param space    the search space's name
 * @param offsetMs the model's constant t0
 * @param cells    every unknown of the space exactly once, in any order
 */
public record LatencyTableDocument(String format, String space, double offsetMs, List<Cell> cells) {

    public static final String FORMAT = "slimfit.latency-table.v1";

    /** One unknown: its layer key, its widths, its latency and how many measurements ran through it. */
    public record Cell(LayerKind kind, int kernel, int stride, int inputResolution, LayerRole role, int inputWidth,
                       int outputWidth, double latencyMs, int observations) {

        LatencyCell cell() {
            return new LatencyCell(new LayerKey(kind, kernel, stride, inputResolution, role), inputWidth,
                    outputWidth);
        }
    }

    public LatencyTableDocument {
        cells = cells == null ? null : List.copyOf(cells);
    }

    /** The document of {@code table}, cells in unknown-id order. */
    public static LatencyTableDocument of(LatencyTable table) {
        LatencyCells unknowns = table.cells();
        List<Cell> cells = new ArrayList<>(unknowns.unknownCount());
        for (int id = 0; id < unknowns.unknownCount(); id++) {
            LatencyCell cell = unknowns.unknown(id);
            LayerKey key = cell.key();
            cells.add(new Cell(key.kind(), key.kernel(), key.stride(), key.inputResolution(), key.role(),
                    cell.inputWidth(), cell.outputWidth(), table.latencyMs(id), table.observations(id)));
        }
        return new LatencyTableDocument(FORMAT, table.space().name(), table.offsetMs(), cells);
    }

    /**
     * The table for {@code space}. The document must have format {@value #FORMAT}, name the same space, and list
     * each unknown of the space exactly once.
     *
     * @throws IllegalArgumentException saying what does not fit
     */
    public LatencyTable toTable(SearchSpace space) {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("expected format \"" + FORMAT + "\", got \"" + format + "\"");
        }
        if (!space.name().equals(this.space)) {
            throw new IllegalArgumentException("table is for space \"" + this.space + "\", not \"" + space.name()
                    + "\"");
        }
        if (cells == null) {
            throw new IllegalArgumentException("missing member \"cells\"");
        }
        LatencyCells unknowns = LatencyCells.of(space);
        double[] latencyMs = new double[unknowns.unknownCount()];
        int[] observations = new int[unknowns.unknownCount()];
        boolean[] seen = new boolean[unknowns.unknownCount()];
        for (int n = 0; n < cells.size(); n++) {
            Cell entry = cells.get(n);
            if (entry == null || entry.kind() == null || entry.role() == null) {
                throw new IllegalArgumentException("cells[" + n + "] needs a kind and a role");
            }
            LatencyCell cell = entry.cell();
            int index = n;
            int id = unknowns.idOf(cell).orElseThrow(() -> new IllegalArgumentException(
                    "cells[" + index + "] " + cell + " is not an unknown of space " + space.name()));
            if (seen[id]) {
                throw new IllegalArgumentException("cells[" + n + "] " + cell + " is listed twice");
            }
            seen[id] = true;
            latencyMs[id] = entry.latencyMs();
            observations[id] = entry.observations();
        }
        for (int id = 0; id < seen.length; id++) {
            if (!seen[id]) {
                throw new IllegalArgumentException("missing cell " + unknowns.unknown(id));
            }
        }
        return LatencyTable.of(unknowns, latencyMs, observations, offsetMs);
    }
}
