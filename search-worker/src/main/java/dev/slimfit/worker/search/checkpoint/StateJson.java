package dev.slimfit.worker.search.checkpoint;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for checkpoint records: the header and each method's state section. NaN and infinities are written as
 * numbers and read back bit for bit, since unaries use NaN for "never sampled".
 */
public final class StateJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private StateJson() {
    }

    public static byte[] write(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
