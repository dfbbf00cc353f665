package dev.slimfit.core.space.staged;

import dev.slimfit.core.space.InvalidConfigurationException;

/**
 * A {@link StagedConfiguration} does not belong to its space. An {@link InvalidConfigurationException}, so callers
 * that already map that to a 400 need nothing new; {@link #layerIndex()} is the zero-based stage index (-1 for the
 * resolution or a wrong stage count) and {@link #field()} says which number was wrong.
 */
public class InvalidStagedConfigurationException extends InvalidConfigurationException {

    private final String field;

    public InvalidStagedConfigurationException(int stageIndex, String field, int value, String message) {
        super(stageIndex, value, message);
        this.field = field;
    }

    /** Zero-based index of the offending stage, or -1 for {@code resolution} and {@code stages}. */
    public int stageIndex() {
        return layerIndex();
    }

    /** One of {@code resolution}, {@code stages} (wrong count or missing), {@code depth}, {@code kernel}, {@code width}. */
    public String field() {
        return field;
    }
}
