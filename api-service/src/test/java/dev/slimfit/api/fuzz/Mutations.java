package dev.slimfit.api.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.slimfit.api.fuzz.ApiOperations.Operation;
import dev.slimfit.api.fuzz.ApiOperations.Parameter;
import dev.slimfit.api.fuzz.RawExchange.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the broken requests for one operation from its plausible base request: bodies with a wrong value at
 * some field (wrong type, out-of-range or non-finite number, NaN, very long or control-character strings, bytes
 * that are not UTF-8, duplicate keys, deep nesting), missing and unknown fields, whole bodies that are not
 * JSON; bad query values and malformed percent-encoding; odd Content-Type and Accept, oversized and
 * non-ASCII headers; bad path values; wrong methods. The candidates are shuffled with the given random source
 * and drawn round-robin from each kind, so every kind is tried on every operation.
 */
final class Mutations {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HOLE = "__fuzz_hole_7f3a__";

    /** A request with one thing broken, without its Authorization (the credential is chosen by the caller). */
    record Case(String kind, String what, String method, String target, List<Header> headers, byte[] body) {

        String summary() {
            String shown = what.length() > 140 ? what.substring(0, 140) + "..." : what;
            return kind + ": " + printable(shown);
        }
    }

    /** The base request: path values, query values, header values and body, all plausible. */
    record Base(Map<String, String> pathValues, Map<String, String> query, Map<String, String> headers,
                JsonNode body, byte[] rawBody) {
    }

    private Mutations() {
    }

    static String target(Operation op, Map<String, String> pathValues, Map<String, String> query) {
        String path = op.template();
        for (Map.Entry<String, String> e : pathValues.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(v));
        return path + q;
    }

    static byte[] bodyBytes(Base base) {
        if (base.rawBody() != null) {
            return base.rawBody();
        }
        return base.body() == null ? null : JSON.writeValueAsBytes(base.body());
    }

    static List<Header> baseHeaders(Operation op, Base base) {
        List<Header> headers = new ArrayList<>();
        if (op.bodyType() != null) {
            headers.add(new Header("Content-Type", op.bodyType().contains("*") ? "application/octet-stream"
                    : op.bodyType()));
        }
        headers.add(new Header("Accept", "application/json, application/problem+json"));
        base.headers().forEach((k, v) -> headers.add(new Header(k, v)));
        return headers;
    }

    static Case baseCase(Operation op, Base base) {
        return new Case("base", "the plausible request", op.method(), target(op, base.pathValues(), base.query()),
                baseHeaders(op, base), bodyBytes(base));
    }

    /** Up to {@code count} cases, drawn round-robin from each kind's shuffled candidates. */
    static List<Case> generate(Operation op, Base base, Random random, int count) {
        Map<String, List<Case>> byKind = new LinkedHashMap<>();
        if (op.bodyType() != null) {
            byKind.put("body", bodyCases(op, base, random));
            byKind.put("body-field", fieldCases(op, base, random));
        } else {
            byKind.put("unexpected-body", unexpectedBodyCases(op, base));
        }
        byKind.put("query", queryCases(op, base));
        byKind.put("header", headerCases(op, base));
        if (!base.pathValues().isEmpty()) {
            byKind.put("path", pathCases(op, base, random));
        }
        byKind.put("path-shape", pathShapeCases(op, base));
        byKind.put("method", methodCases(op, base));
        List<List<Case>> lists = new ArrayList<>();
        for (List<Case> cases : byKind.values()) {
            List<Case> copy = new ArrayList<>(cases);
            Collections.shuffle(copy, random);
            lists.add(copy);
        }
        List<Case> drawn = new ArrayList<>();
        for (int round = 0; drawn.size() < count; round++) {
            boolean any = false;
            for (List<Case> cases : lists) {
                if (round < cases.size() && drawn.size() < count) {
                    drawn.add(cases.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return drawn;
    }

    // ---------------------------------------------------------------- bodies

    private static List<Case> bodyCases(Operation op, Base base, Random random) {
        List<Case> cases = new ArrayList<>();
        String target = target(op, base.pathValues(), base.query());
        List<Header> headers = baseHeaders(op, base);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("no body at all", null);
        bodies.put("empty body", new byte[0]);
        for (String text : List.of("null", "[]", "[1,2,3]", "42", "\"text\"", "true", "not json", "{", "{\"a\":",
                "}", "<xml/>", "a=b&c=d", "{}{}", "{} trailing", "{\"a\":1,}", "{'a':1}", "{a:1}", "[{}]",
                "\"\\u0000\"", "{\"\":1}", " ", "\t\r\n")) {
            bodies.put(text, utf8(text));
        }
        bodies.put("object nested 3000 deep", utf8("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
        bodies.put("array nested 5000 deep", utf8("[".repeat(5000) + "]".repeat(5000)));
        bodies.put("unterminated nesting", utf8("[".repeat(3000)));
        bodies.put("70 KB body", utf8("{\"pad\":\"" + "x".repeat(70_000) + "\"}"));
        bodies.put("1 MB body", utf8("[" + "1,".repeat(500_000) + "1]"));
        bodies.put("2000 unknown keys", utf8(manyKeys(2000)));
        bodies.put("bytes that are not UTF-8", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
        bodies.put("NUL bytes", new byte[] {0, 0, 0, 0});
        bodies.put("random bytes", randomBytes(random, 64));
        byte[] valid = bodyBytes(base);
        if (valid != null) {
            bodies.put("valid body behind a UTF-8 BOM", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, valid));
            bodies.put("valid body as UTF-16", new String(valid, StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_16));
            bodies.put("valid body cut in half", java.util.Arrays.copyOf(valid, valid.length / 2));
            bodies.put("valid body wrapped in an array", concat(utf8("["), concat(valid, utf8("]"))));
        }
        bodies.forEach((what, body) -> cases.add(new Case("body", what, op.method(), target,
                body == null ? withoutContentType(headers) : headers, body)));
        return cases;
    }

    private static List<Case> fieldCases(Operation op, Base base, Random random) {
        List<Case> cases = new ArrayList<>();
        if (base.body() == null || !base.body().isContainer()) {
            return cases;
        }
        String target = target(op, base.pathValues(), base.query());
        List<Header> headers = baseHeaders(op, base);
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(base.body(), new ArrayList<>(), paths, 0);
        paths.add(List.of());
        for (List<Object> path : paths) {
            String name = pathName(path);
            Object last = path.isEmpty() ? null : path.get(path.size() - 1);
            if (last instanceof String property) {
                JsonNode removed = base.body().deepCopy();
                ((ObjectNode) parent(removed, path)).remove(property);
                cases.add(new Case("body-field", name + " missing", op.method(), target, headers,
                        JSON.writeValueAsBytes(removed)));
                JsonNode original = at(base.body(), path);
                cases.add(holeCase(op, target, headers, base.body(), path, name + " given twice",
                        utf8(JSON.writeValueAsString(original) + ",\"" + property + "\":"
                                + JSON.writeValueAsString(original))));
            }
            if (path.isEmpty() || at(base.body(), path).isObject()) {
                JsonNode extra = base.body().deepCopy();
                JsonNode holder = path.isEmpty() ? extra : at(extra, path);
                if (holder instanceof ObjectNode object) {
                    object.put("zzUnknownField", 1);
                    cases.add(new Case("body-field", (path.isEmpty() ? "" : name + ".") + "unknown field",
                            op.method(), target, headers, JSON.writeValueAsBytes(extra)));
                }
            }
            if (path.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, byte[]> value : rawValues(random).entrySet()) {
                cases.add(holeCase(op, target, headers, base.body(), path, name + " = " + value.getKey(),
                        value.getValue()));
            }
        }
        return cases;
    }

    /** Raw JSON texts (some of them not JSON at all) to put where a value belongs. */
    private static Map<String, byte[]> rawValues(Random random) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (String text : List.of("null", "\"x\"", "0", "-1", "1.5", "true", "[]", "{}", "[[[]]]", "1e400",
                "-1e400", "1e-400", "99999999999999999999999999999", "9223372036854775808",
                "-9223372036854775809", "2147483648", "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"",
                "\"-0\"", "-0", "0x10", "01", ".5", "1.", "+1", "\"5\"", "\"\"", "\" \"", "\"\\u0000\"",
                "\"a\\u0007b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u202e\"", "\"\\uD83D\\uDE00\"",
                "\"../../etc/passwd\"", "\"' OR 1=1 --\"", "\"<script>\"", "\"%00\"", "\"2024-13-45T99:00:00Z\"",
                "\"00000000-0000-0000-0000-000000000000\"", "\"" + UUID.randomUUID() + "\"",
                "[" + "1,".repeat(5000) + "1]", "[null]", "[\"x\"]", "[-1]", "[1e400]", "{\"a\":null}")) {
            values.put(text.length() > 60 ? text.substring(0, 40) + "... (" + text.length() + " chars)" : text,
                    utf8(text));
        }
        values.put("10 000-character string", utf8("\"" + "x".repeat(10_000) + "\""));
        values.put("60 000-character string", utf8("\"" + "y".repeat(60_000) + "\""));
        values.put("string with a raw control character", utf8("\"a\u0001b\""));
        values.put("string with bytes that are not UTF-8", new byte[] {'"', 'a', (byte) 0xff, (byte) 0xfe, '"'});
        values.put("string with an overlong UTF-8 sequence", new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'});
        values.put("string with a cut UTF-8 sequence", new byte[] {'"', 'a', (byte) 0xe2, (byte) 0x82, '"'});
        values.put("object nested 2000 deep", utf8("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)));
        values.put("array nested 2000 deep", utf8("[".repeat(2000) + "]".repeat(2000)));
        values.put("random printable string", utf8(JSON.writeValueAsString(randomString(random, 40))));
        values.put("a random long", utf8(Long.toString(random.nextLong())));
        return values;
    }

    private static Case holeCase(Operation op, String target, List<Header> headers, JsonNode body, List<Object> path,
                                 String what, byte[] raw) {
        JsonNode copy = body.deepCopy();
        JsonNode parent = parent(copy, path);
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.put((String) last, HOLE);
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) last, NODES.stringNode(HOLE));
        }
        byte[] text = JSON.writeValueAsBytes(copy);
        byte[] hole = utf8("\"" + HOLE + "\"");
        int at = indexOf(text, hole);
        return new Case("body-field", what, op.method(), target, headers,
                concat(java.util.Arrays.copyOf(text, at), concat(raw,
                        java.util.Arrays.copyOfRange(text, at + hole.length, text.length))));
    }

    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out, int depth) {
        if (depth > 5 || out.size() > 40) {
            return;
        }
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(name);
                out.add(path);
                collectPaths(node.get(name), path, out, depth + 1);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(0);
            out.add(path);
            collectPaths(node.get(0), path, out, depth + 1);
        }
    }

    private static JsonNode at(JsonNode node, List<Object> path) {
        for (Object step : path) {
            node = step instanceof String name ? node.get(name) : node.get((Integer) step);
        }
        return node;
    }

    private static JsonNode parent(JsonNode node, List<Object> path) {
        return at(node, path.subList(0, path.size() - 1));
    }

    private static String pathName(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof String name) {
                out.append(out.isEmpty() ? "" : ".").append(name);
            } else {
                out.append('[').append(step).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    private static List<Case> unexpectedBodyCases(Operation op, Base base) {
        String target = target(op, base.pathValues(), base.query());
        List<Header> json = new ArrayList<>(baseHeaders(op, base));
        json.add(new Header("Content-Type", "application/json"));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("unexpected-body", "a JSON body where none is expected", op.method(), target, json,
                utf8("{\"a\":1}")));
        cases.add(new Case("unexpected-body", "not JSON where no body is expected", op.method(), target, json,
                utf8("{")));
        cases.add(new Case("unexpected-body", "a 70 KB body where none is expected", op.method(), target, json,
                utf8("\"" + "x".repeat(70_000) + "\"")));
        cases.add(new Case("unexpected-body", "bytes that are not UTF-8 where no body is expected", op.method(), target,
                json, new byte[] {(byte) 0xff, (byte) 0xfe}));
        return cases;
    }

    // ---------------------------------------------------------------- query

    private static final List<String> QUERY_VALUES = List.of("abc", "-1", "-99999999999", "99999999999999999999",
            "2147483648", "1e400", "NaN", "Infinity", "1.5", "", "%ff", "%", "%zz", "%00", "%c3%28", "%2e%2e%2f",
            "null", "true", "%E2%80%AE", "%0d%0aX-Injected:%201", "%27%20OR%201%3D1--", "[]", "{}", "a|b", "%u0041",
            "x".repeat(3000), "x".repeat(10_000), "%25", "+", "0x10", "done");

    private static List<Case> queryCases(Operation op, Base base) {
        List<Case> cases = new ArrayList<>();
        String path = target(op, base.pathValues(), Map.of());
        List<Header> headers = baseHeaders(op, base);
        byte[] body = bodyBytes(base);
        List<String> names = new ArrayList<>(op.in("query").stream().map(Parameter::name).toList());
        List<String> required = op.in("query").stream().filter(Parameter::required).map(Parameter::name).toList();
        for (String name : names) {
            for (String value : QUERY_VALUES) {
                Map<String, String> query = new LinkedHashMap<>(base.query());
                query.put(name, value);
                cases.add(new Case("query", name + "=" + shorten(value), op.method(),
                        target(op, base.pathValues(), query), headers, body));
            }
            if (required.contains(name)) {
                // An optional one left out is a valid request (and a long-poll's wait would take its default).
                Map<String, String> without = new LinkedHashMap<>(base.query());
                without.remove(name);
                cases.add(new Case("query", name + " left out", op.method(), target(op, base.pathValues(), without),
                        headers, body));
            }
            cases.add(new Case("query", name + " given twice", op.method(),
                    target(op, base.pathValues(), base.query()) + (base.query().isEmpty() ? "?" : "&") + name
                            + "=1&" + name + "=abc", headers, body));
            cases.add(new Case("query", name + " without a value", op.method(),
                    path + "?" + name + (base.query().isEmpty() ? "" : "&" + rest(base.query(), name)), headers,
                    body));
        }
        String plain = target(op, base.pathValues(), base.query());
        String sep = base.query().isEmpty() ? "?" : "&";
        for (String extra : List.of("zzUnknown=1", "%ff=1", "%=1", "&&==&", "=", "a=%ff%fe", "x=" + "y".repeat(3000),
                "a[]=1", "a[b]=c", "%00=%00", "=1", "==", "a==b", "p=1&".repeat(1200) + "p=1",
                "&".repeat(2000))) {
            cases.add(new Case("query", "extra " + shorten(extra), op.method(), plain + sep + extra, headers, body));
        }
        return cases;
    }

    private static String rest(Map<String, String> query, String except) {
        StringBuilder out = new StringBuilder();
        query.forEach((k, v) -> {
            if (!k.equals(except)) {
                out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(v);
            }
        });
        return out.toString();
    }

    // ---------------------------------------------------------------- headers

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "*/*", "application/*", "*/json",
            "garbage", "", "application/json; charset=klingon", "application/json; charset=utf-16",
            "application/json;;", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=x", "application/xml", "application/json, text/plain",
            "application/problem+json", "application/merge-patch+json", "application/octet-stream", "text/json",
            "application/json; charset=\"utf-8\"", "application/json; charset=ISO-8859-1", "application/",
            "/json", "application/json; q=0", "image/png", "application/json; boundary=\u00ff");

    private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "image/png", "garbage",
            "", "application/*", "application/json;q=0", "*/*;q=abc", "text/*", "*/*", "application/json;q=2",
            "*/json", "application/octet-stream", "text/event-stream", "application/problem+xml",
            "application/json, */*;q=0");

    private static List<Case> headerCases(Operation op, Base base) {
        List<Case> cases = new ArrayList<>();
        String target = target(op, base.pathValues(), base.query());
        byte[] body = bodyBytes(base);
        List<Header> headers = baseHeaders(op, base);
        byte[] anyBody = body != null ? body : utf8("{}");
        for (String type : CONTENT_TYPES) {
            cases.add(new Case("header", "Content-Type: " + type, op.method(), target,
                    replace(headers, "Content-Type", type), anyBody));
        }
        for (String accept : ACCEPTS) {
            cases.add(new Case("header", "Accept: " + accept, op.method(), target, replace(headers, "Accept", accept),
                    body));
        }
        cases.add(new Case("header", "no Accept", op.method(), target, without(headers, "Accept"), body));
        cases.add(new Case("header", "a 20 KB header", op.method(), target,
                with(headers, "X-Fuzz", "a".repeat(20_000)), body));
        cases.add(new Case("header", "a 7 KB header", op.method(), target, with(headers, "X-Fuzz", "a".repeat(7_000)),
                body));
        List<Header> many = new ArrayList<>(headers);
        for (int i = 0; i < 200; i++) {
            many.add(new Header("X-Fuzz-" + i, "v" + i));
        }
        cases.add(new Case("header", "200 extra headers", op.method(), target, many, body));
        cases.add(new Case("header", "a header value with byte 0xff", op.method(), target,
                with(headers, "X-Fuzz", "a\u00ffb"), body));
        cases.add(new Case("header", "a header value with a control character", op.method(), target,
                with(headers, "X-Fuzz", "a\u0001b"), body));
        cases.add(new Case("header", "Accept with byte 0xff", op.method(), target,
                replace(headers, "Accept", "application/json\u00ff"), body));
        cases.add(new Case("header", "Content-Length: abc", op.method(), target,
                with(headers, "Content-Length", "abc"), body));
        cases.add(new Case("header", "Content-Length: -1", op.method(), target,
                with(headers, "Content-Length", "-1"), body));
        cases.add(new Case("header", "two Content-Types", op.method(), target,
                with(headers, "Content-Type", "text/plain"), anyBody));
        cases.add(new Case("header", "Content-Encoding: gzip on a plain body", op.method(), target,
                with(headers, "Content-Encoding", "gzip"), anyBody));
        cases.add(new Case("header", "Transfer-Encoding: gzip", op.method(), target,
                with(headers, "Transfer-Encoding", "gzip"), anyBody));
        cases.add(new Case("header", "Transfer-Encoding: foo, chunked", op.method(), target,
                with(headers, "Transfer-Encoding", "foo, chunked"), utf8("0\r\n\r\n")));
        cases.add(new Case("header", "a valid chunked body", op.method(), target,
                with(headers, "Transfer-Encoding", "chunked"), chunked(anyBody)));
        cases.add(new Case("header", "a chunked body with a bad chunk size", op.method(), target,
                with(headers, "Transfer-Encoding", "chunked"), utf8("zz\r\n{}\r\n0\r\n\r\n")));
        cases.add(new Case("header", "Expect: 100-continue", op.method(), target,
                with(headers, "Expect", "100-continue"), anyBody));
        cases.add(new Case("header", "Expect: nonsense", op.method(), target,
                with(headers, "Expect", "nonsense"), anyBody));
        cases.add(new Case("header", "X-HTTP-Method-Override: DELETE", op.method(), target,
                with(headers, "X-HTTP-Method-Override", "DELETE"), body));
        for (Parameter p : op.in("header")) {
            for (String value : List.of("", " ", "k".repeat(300), "k".repeat(5000), "\u00ff\u00fe", "a\u0001b",
                    "\u00c3\u00a9", "null", "../x", "%00")) {
                cases.add(new Case("header", p.name() + ": " + shorten(value), op.method(), target,
                        replace(headers, p.name(), value), body));
            }
            cases.add(new Case("header", p.name() + " left out", op.method(), target, without(headers, p.name()),
                    body));
            cases.add(new Case("header", p.name() + " given twice", op.method(), target,
                    with(with(headers, p.name(), "a"), p.name(), "b"), body));
        }
        return cases;
    }

    // ---------------------------------------------------------------- paths

    private static List<Case> pathCases(Operation op, Base base, Random random) {
        List<Case> cases = new ArrayList<>();
        List<Header> headers = baseHeaders(op, base);
        byte[] body = bodyBytes(base);
        for (String name : base.pathValues().keySet()) {
            String valid = base.pathValues().get(name);
            List<String> values = new ArrayList<>(List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g",
                    "%2F", "a%2Fb", "%2e%2e", "..", ".", "%00", "%ff", "%", "%zz", "x".repeat(300), "x".repeat(9000),
                    "%20", "%E2%80%AE", "null", "-1", "0", "%27%20OR%201%3D1", "%u0041", "a;b=c", "%3B", "%5C",
                    "{" + valid + "}", valid.toUpperCase(Locale.ROOT), valid + "x", valid + "%00",
                    valid.length() > 1 ? valid.substring(1) : "", UUID.randomUUID().toString(),
                    "00000000-0000-0000-0000-000000000000", "%" + Integer.toHexString(0x80 + random.nextInt(0x7f)),
                    "\u00e9", "%C3%A9"));
            for (String value : values) {
                Map<String, String> pathValues = new LinkedHashMap<>(base.pathValues());
                pathValues.put(name, value);
                cases.add(new Case("path", "{" + name + "} = " + shorten(value), op.method(),
                        target(op, pathValues, base.query()), headers, body));
            }
        }
        return cases;
    }

    private static List<Case> pathShapeCases(Operation op, Base base) {
        List<Case> cases = new ArrayList<>();
        List<Header> headers = baseHeaders(op, base);
        byte[] body = bodyBytes(base);
        String path = target(op, base.pathValues(), Map.of());
        String query = target(op, base.pathValues(), base.query()).substring(path.length());
        for (String variant : List.of(path + "/", path + "//", path + "/.", path + "/extra", path + "/..",
                path.replaceFirst("/api/v1/", "/api/v1//"), path.replaceFirst("/api/v1/", "/api/v2/"),
                path.toUpperCase(Locale.ROOT), path + ";jsessionid=1", path + "%20", path + "#x", path + ".json",
                path.replaceFirst("/api/", "/api/%2e/"), path + "?", path.replace("/", "\\"))) {
            cases.add(new Case("path-shape", shorten(variant), op.method(), variant + query, headers, body));
        }
        return cases;
    }

    private static List<Case> methodCases(Operation op, Base base) {
        List<Case> cases = new ArrayList<>();
        String target = target(op, base.pathValues(), base.query());
        List<Header> headers = baseHeaders(op, base);
        byte[] body = bodyBytes(base);
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO", "get",
                "CONNECT")) {
            if (!method.equals(op.method())) {
                cases.add(new Case("method", method + " instead of " + op.method(), method, target, headers, body));
            }
        }
        return cases;
    }

    // ---------------------------------------------------------------- helpers

    private static List<Header> replace(List<Header> headers, String name, String value) {
        List<Header> out = without(headers, name);
        out.add(new Header(name, value));
        return out;
    }

    private static List<Header> with(List<Header> headers, String name, String value) {
        List<Header> out = new ArrayList<>(headers);
        out.add(new Header(name, value));
        return out;
    }

    private static List<Header> without(List<Header> headers, String name) {
        List<Header> out = new ArrayList<>();
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase(name)) {
                out.add(h);
            }
        }
        return out;
    }

    private static List<Header> withoutContentType(List<Header> headers) {
        return without(headers, "Content-Type");
    }

    private static byte[] chunked(byte[] body) {
        return concat(utf8(Integer.toHexString(body.length) + "\r\n"), concat(body, utf8("\r\n0\r\n\r\n")));
    }

    private static String manyKeys(int n) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return out.append('}').toString();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomString(Random random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return out.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("hole not found");
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 20) + "... (" + value.length() + " chars)" : value;
    }

    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return out.toString();
    }
}
