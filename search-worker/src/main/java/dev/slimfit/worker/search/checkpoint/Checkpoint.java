package dev.slimfit.worker.search.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A whole checkpoint: the runner's header (which job, which phase, where in it) and the method's own named
 * sections (its state record as JSON, network parameters, optimiser buffers, ...). The runner never looks inside
 * the sections; each method reads back what it wrote.
 *
 * @param header   where the job stands
 * @param sections the method's state by section name, in the order written
 */
public record Checkpoint(CheckpointHeader header, Map<String, byte[]> sections) {

    public Checkpoint {
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** A section's bytes, if the method wrote it. */
    public Optional<byte[]> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    /** A section the method always writes. */
    public byte[] required(String name) {
        return section(name).orElseThrow(() -> new IllegalStateException("checkpoint of phase " + header.phase()
                + " has no section " + name));
    }
}
