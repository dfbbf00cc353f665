package dev.slimfit.api.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operations an OpenAPI document lists, with what a request to each needs: path, query and header
 * parameters and the request body's schema, and a plausible value for each (built from the schema: its example,
 * first enum constant, minimum, or a value chosen by name such as a known device id), which the fuzz then breaks.
 */
final class ApiOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** A parameter: where it goes, its name, whether it is required, and its (resolved) schema. */
    record Parameter(String in, String name, boolean required, JsonNode schema) {
    }

    /**
     * An operation: HTTP method, path template, parameters, and its request body (the media type the document
     * gives and the resolved schema; null when it takes none).
     */
    record Operation(String method, String template, List<Parameter> parameters, String bodyType, JsonNode bodySchema,
                     boolean bodyRequired) {

        String key() {
            return method + " " + template;
        }

        List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }
    }

    private final JsonNode document;

    ApiOperations(JsonNode document) {
        this.document = document;
    }

    /** Every operation under {@code prefix}, in the document's order. */
    List<Operation> under(String prefix) {
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = document.path("paths");
        for (String path : paths.propertyNames()) {
            if (!path.startsWith(prefix)) {
                continue;
            }
            JsonNode item = paths.get(path);
            for (String method : METHODS) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode list : List.of(item.path("parameters"), op.path("parameters"))) {
                    for (JsonNode p : list) {
                        JsonNode resolved = resolve(p);
                        parameters.add(new Parameter(resolved.path("in").asString(), resolved.path("name").asString(),
                                resolved.path("required").asBoolean(false), resolve(resolved.path("schema"))));
                    }
                }
                String bodyType = null;
                JsonNode bodySchema = null;
                boolean bodyRequired = false;
                JsonNode body = resolve(op.path("requestBody"));
                if (body.has("content")) {
                    bodyRequired = body.path("required").asBoolean(false);
                    JsonNode content = body.get("content");
                    bodyType = content.has("application/json") ? "application/json" : content.propertyNames().iterator().next();
                    bodySchema = resolve(content.path(bodyType).path("schema"));
                }
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, List.copyOf(parameters), bodyType,
                        bodySchema, bodyRequired));
            }
        }
        return operations;
    }

    /** Follows a local {@code $ref}. */
    JsonNode resolve(JsonNode node) {
        for (int hops = 0; node != null && node.has("$ref") && hops < 20; hops++) {
            String ref = node.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                return NODES.objectNode();
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            node = target;
        }
        return node == null || node.isMissingNode() ? NODES.objectNode() : node;
    }

    /**
     * A value for {@code schema}: its example, first enum constant, or a typed default, with {@code named}
     * consulted first for each named property (a known id for "deviceId", for instance; null to fall through).
     */
    JsonNode sample(JsonNode schema, String name, BiFunction<String, JsonNode, JsonNode> named, int depth) {
        schema = resolve(schema);
        if (name != null) {
            JsonNode chosen = named.apply(name, schema);
            if (chosen != null) {
                return chosen;
            }
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.has(combinator) && !schema.get(combinator).isEmpty()) {
                return sample(schema.get(combinator).get(0), name, named, depth);
            }
        }
        if (schema.has("example") && !schema.get("example").isNull() && !schema.get("example").isContainer()) {
            return schema.get("example");
        }
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        String type = type(schema);
        switch (type) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                if (depth > 6) {
                    return object;
                }
                JsonNode properties = schema.path("properties");
                for (String property : properties.propertyNames()) {
                    if (properties.get(property).path("readOnly").asBoolean(false)) {
                        continue;
                    }
                    object.set(property, sample(properties.get(property), property, named, depth + 1));
                }
                JsonNode additional = schema.get("additionalProperties");
                if (properties.isEmpty() && additional != null && additional.isObject()) {
                    object.set("key", sample(additional, null, named, depth + 1));
                }
                return object;
            }
            case "array": {
                ArrayNode array = NODES.arrayNode();
                if (depth <= 6) {
                    int min = Math.max(1, schema.path("minItems").asInt(1));
                    for (int i = 0; i < Math.min(min, 3); i++) {
                        array.add(sample(schema.path("items"), null, named, depth + 1));
                    }
                }
                return array;
            }
            case "integer":
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1L);
            case "number":
                return NODES.numberNode(schema.has("minimum") ? Math.max(schema.get("minimum").asDouble(), 1.0) : 1.5);
            case "boolean":
                return NODES.booleanNode(false);
            case "string": {
                String format = schema.path("format").asString("");
                return switch (format) {
                    case "uuid" -> NODES.stringNode(java.util.UUID.randomUUID().toString());
                    case "date-time" -> NODES.stringNode("2024-01-01T00:00:00Z");
                    case "binary", "byte" -> NODES.stringNode("AAAA");
                    default -> NODES.stringNode("fuzz");
                };
            }
            default:
                return NODES.stringNode("fuzz");
        }
    }

    static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            return type.asString();
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asString())) {
                    return t.asString();
                }
            }
        }
        if (schema.has("properties") || schema.has("additionalProperties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }
}
