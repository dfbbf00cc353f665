package dev.slimfit.core.json;

import java.util.List;
import java.util.Map;

/** Typed access to parsed JSON with errors that say which member is wrong. */
final class Members {

    private Members() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new JsonFormatException(what + " must be an object");
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value, String what) {
        if (value instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new JsonFormatException(what + " must be an array");
    }

    static Object required(Map<String, Object> object, String name) {
        if (!object.containsKey(name)) {
            throw new JsonFormatException("missing member \"" + name + "\"");
        }
        return object.get(name);
    }

    static String string(Map<String, Object> object, String name) {
        if (required(object, name) instanceof String value) {
            return value;
        }
        throw new JsonFormatException("member \"" + name + "\" must be a string");
    }

    static double number(Object value, String what) {
        if (value instanceof JsonParser.Number number) {
            return number.asDouble();
        }
        throw new JsonFormatException(what + " must be a number");
    }

    static double number(Map<String, Object> object, String name) {
        return number(required(object, name), "member \"" + name + "\"");
    }

    static int integer(Map<String, Object> object, String name) {
        if (required(object, name) instanceof JsonParser.Number number) {
            return number.asInt();
        }
        throw new JsonFormatException("member \"" + name + "\" must be an integer");
    }

    static void requireFormat(Map<String, Object> root, String expected) {
        String format = string(root, "format");
        if (!format.equals(expected)) {
            throw new JsonFormatException("expected format \"" + expected + "\", got \"" + format + "\"");
        }
    }
}
