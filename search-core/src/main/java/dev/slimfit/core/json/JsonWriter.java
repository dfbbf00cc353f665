package dev.slimfit.core.json;

/**
 * Appends JSON tokens. Doubles are written with {@link Double#toString}, which Java guarantees to parse back to the
 * same double, so tables survive a round trip bit for bit; non-finite values have no JSON form and are rejected.
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();

    JsonWriter raw(String token) {
        out.append(token);
        return this;
    }

    JsonWriter name(String name) {
        string(name);
        out.append(": ");
        return this;
    }

    JsonWriter string(String value) {
        out.append('"');
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return this;
    }

    JsonWriter number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no form for " + value);
        }
        out.append(Double.toString(value));
        return this;
    }

    JsonWriter number(long value) {
        out.append(value);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
