package dev.slimfit.api.error;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the one problem+json shape every error uses. */
public final class Problems {

    public static final String TYPE_BASE = "https://slimfit.dev/problems/";

    private Problems() {
    }

    /** A field error inside a problem: which field, and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static ProblemDetail of(int status, String type, String title, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(new FieldError(field, detail)));
        }
        return problem;
    }

    /** The Slimfit type slug for a bare HTTP status (what Spring or the container answered on its own). */
    public static String typeFor(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 409 -> "conflict";
            case 411 -> "length-required";
            case 413 -> "body-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 422 -> "invalid-field";
            case 429 -> "too-many-requests";
            case 431 -> "headers-too-large";
            case 500 -> "internal";
            case 501 -> "not-implemented";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    /** A problem for a bare status, with a generic detail when none is given. */
    public static ProblemDetail forStatus(int status, String detail) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error " + status : known.getReasonPhrase();
        String text = detail != null && !detail.isBlank() ? detail : status >= 500
                ? "the server failed to handle this request; it has been logged"
                : "the request was refused: " + title.toLowerCase(java.util.Locale.ROOT);
        return of(status, typeFor(status), title, text, null);
    }

    /**
     * Error text without Java: fully qualified class names become plain words ({@code java.lang.String} becomes
     * "string"), backticks go, and the text is cut at 300 characters.
     */
    public static String sanitize(String text) {
        if (text == null) {
            return null;
        }
        // Bounded before the patterns run: they backtrack, quadratically in the length, and a caller's value
        // echoed here (a 60 000-character enum value) held a request thread for minutes.
        boolean cut = text.length() > MAX_SCANNED;
        java.util.regex.Matcher m = QUALIFIED.matcher(cut ? text.substring(0, MAX_SCANNED) : text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(plainType(m.group(1))));
        }
        m.appendTail(out);
        String plain = PRIMITIVE.matcher(out.toString().replace("`", "'")).replaceAll(r -> plainType(r.group(1)));
        plain = plain.replace("'string'", "a string");
        return plain.length() > 300 || cut ? plain.substring(0, Math.min(300, plain.length())) + "..." : plain;
    }

    private static final int MAX_SCANNED = 1000;

    private static final java.util.regex.Pattern QUALIFIED =
            java.util.regex.Pattern.compile("(?:[a-z_][a-zA-Z0-9_]*\\.)+([A-Z][A-Za-z0-9_]*)(?:\\$[A-Za-z0-9_$]+)?");
    private static final java.util.regex.Pattern PRIMITIVE =
            java.util.regex.Pattern.compile("'(int|long|short|byte|double|float|boolean|char)'");

    /** A Java type's simple name as a word for clients. */
    public static String plainType(String simpleName) {
        return switch (simpleName) {
            case "String", "CharSequence", "char", "Character" -> "string";
            case "Integer", "Long", "Short", "Byte", "BigInteger", "int", "long", "short", "byte" -> "integer";
            case "Double", "Float", "BigDecimal", "Number", "double", "float" -> "number";
            case "Boolean", "boolean" -> "boolean";
            case "UUID" -> "UUID";
            case "Instant", "OffsetDateTime", "ZonedDateTime", "LocalDateTime" -> "timestamp";
            case "Duration" -> "duration";
            case "List", "ArrayList", "Set", "HashSet", "LinkedHashSet", "Collection" -> "array";
            case "Map", "HashMap", "LinkedHashMap", "Object", "ObjectNode", "JsonNode" -> "object";
            default -> "value";
        };
    }

    public static ProblemDetail ofFields(int status, String type, String title, List<FieldError> errors) {
        FieldError first = errors.get(0);
        String detail = errors.size() == 1 ? first.field() + ": " + first.message()
                : errors.size() + " invalid fields, first " + first.field() + ": " + first.message();
        ProblemDetail problem = of(status, type, title, detail, null);
        problem.setProperty("field", first.field());
        problem.setProperty("errors", errors);
        return problem;
    }
}
