package dev.slimfit.core.sample;

import java.util.ArrayList;
import java.util.List;

/** Proposes configurations (widths, one per layer) to measure on a device. */
public interface ConfigurationSampler {

    int[] next();

    default List<int[]> next(int count) {
        List<int[]> configurations = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            configurations.add(next());
        }
        return configurations;
    }
}
