package dev.slimfit.api.error;

/**
 * A caller's mistake or a refused operation, translated to problem+json at the edge by {@link ProblemHandler}.
 * {@code type} is a stable slug that becomes the problem's type URI; {@code field} names the offending input.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final boolean expected;

    public ApiException(int status, String type, String title, String detail, String field) {
        this(status, type, title, detail, field, false);
    }

    private ApiException(int status, String type, String title, String detail, String field, boolean expected) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.expected = expected;
    }

    /**
     * The same answer, logged at DEBUG instead of WARN: for a refusal that is part of a normal conversation (a
     * worker's last heartbeat racing its own final outcome), which would otherwise bury the warnings that matter.
     */
    public ApiException expected() {
        return new ApiException(status, type, title, getMessage(), field, true);
    }

    public boolean isExpected() {
        return expected;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " was not found", null);
    }

    public static ApiException conflict(String type, String detail) {
        return new ApiException(409, type, "Conflict", detail, null);
    }

    /** Well-formed input that does not make sense (HTTP 422). */
    public static ApiException invalid(String field, String detail) {
        return new ApiException(422, "invalid-field", "Invalid field", detail, field);
    }

    /** Input that could not be read at all (HTTP 400). */
    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail, field);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
