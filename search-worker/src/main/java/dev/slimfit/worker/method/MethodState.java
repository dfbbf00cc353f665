package dev.slimfit.worker.method;

import java.util.Map;

/**
 * What a method's phases share, owned by the method. The runner asks for its checkpoint sections whenever it
 * writes a checkpoint (every epoch end, every phase end, a shutdown mid-epoch), so the sections must describe the
 * state as it is at that moment.
 */
public interface MethodState {

    /** The state as named checkpoint sections (e.g. a JSON record, network parameters, optimiser buffers). */
    Map<String, byte[]> sections();
}
