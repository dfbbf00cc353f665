package dev.slimfit.core.json;

/** A JSON document is malformed or does not have the expected shape. */
public class JsonFormatException extends IllegalArgumentException {

    public JsonFormatException(String message) {
        super(message);
    }
}
