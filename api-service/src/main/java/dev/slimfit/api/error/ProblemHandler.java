package dev.slimfit.api.error;

import java.util.List;

import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.slimfit.core.contract.IllegalTransitionException;
import tools.jackson.core.JacksonException;

/**
 * The single translation of errors into {@code application/problem+json}. 4xx are the caller's doing and are
 * logged at WARN without bodies (they may carry secrets); anything unexpected is a 500 logged at ERROR.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final DatabaseOutage outage;

    ProblemHandler(DatabaseOutage outage) {
        this.outage = outage;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException e, WebRequest request) {
        ProblemDetail problem = Problems.of(e.status(), e.type(), e.title(), e.getMessage(), e.field());
        if (e.isExpected()) {
            log.debug("{} {} -> {} {} (expected)", problem.getStatus(), describe(request), problem.getType(),
                    problem.getDetail());
            return respond(problem, null, request, false);
        }
        return respond(problem, request);
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<Object> handleIllegalTransition(IllegalTransitionException e, WebRequest request) {
        return respond(Problems.of(409, "illegal-transition", "Conflict", e.getMessage(), null), request);
    }

    /** A concurrent request won a unique constraint (two teams or devices with one name at the same time). */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> handleConflict(DataIntegrityViolationException e, WebRequest request) {
        String cause = String.valueOf(e.getMostSpecificCause().getMessage());
        if (cause.contains("0x00") || cause.contains("\\u0000") || cause.contains("invalid byte sequence")) {
            // A NUL the JSON reader did not see (it came some other way): the caller's input, not a conflict.
            return respond(Problems.of(422, "invalid-characters", "Invalid characters",
                    "a value holds a character that cannot be stored (NUL)", null), request);
        }
        return respond(Problems.of(409, "conflict", "Conflict",
                "the request conflicts with data stored at the same time; read it back and retry", null), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        String expected = e.getRequiredType() == null ? "value"
                : e.getRequiredType().isEnum() ? "value" : Problems.plainType(e.getRequiredType().getSimpleName());
        String value = Problems.sanitize(String.valueOf(e.getValue()));
        String detail = "'" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "' is not a valid "
                + expected;
        if (e.getRequiredType() != null && e.getRequiredType().isEnum()) {
            detail += "; one of " + List.of(e.getRequiredType().getEnumConstants());
        }
        return respond(Problems.of(400, "bad-request", "Bad request", detail, e.getName()), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e, WebRequest request) {
        List<Problems.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problems.FieldError::field))
                .toList();
        return respond(Problems.ofFields(400, "bad-request", "Bad request", errors), request);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        if (DatabaseOutage.causedBy(e)) {
            // Not a bug to page anyone for per request: one line, no stack trace; health says DOWN meanwhile.
            log.warn("503 {}: no database connection ({})", describe(request), e.toString());
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(outage.retryAfterSeconds()));
            return respond(outage.problem(), headers, request);
        }
        log.error("unexpected error on {}", describe(request), e);
        return respond(Problems.of(500, "internal", "Internal error",
                "the server failed to handle this request; it has been logged", null), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Problems.FieldError(f.getField(), f.getDefaultMessage()))
                .sorted(java.util.Comparator.comparing(Problems.FieldError::field))
                .toList();
        if (errors.isEmpty()) {
            String global = e.getBindingResult().getGlobalErrors().stream().findFirst()
                    .map(g -> g.getDefaultMessage()).orElse("the request body is invalid");
            return respond(Problems.of(422, "invalid-field", "Invalid request", Problems.sanitize(global), "body"),
                    request);
        }
        return respond(Problems.ofFields(422, "invalid-field", "Invalid field", errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body that parsed but breaks its constraints is 422; a bad header, path or query value is 400.
        boolean body = false;
        List<Problems.FieldError> errors = new java.util.ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            if (result instanceof ParameterErrors parameterErrors) {
                body = true;
                parameterErrors.getFieldErrors().forEach(f ->
                        errors.add(new Problems.FieldError(f.getField(), f.getDefaultMessage())));
                parameterErrors.getGlobalErrors().forEach(g ->
                        errors.add(new Problems.FieldError("body", g.getDefaultMessage())));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(err ->
                        errors.add(new Problems.FieldError(name, err.getDefaultMessage())));
            }
        }
        errors.sort(java.util.Comparator.comparing(Problems.FieldError::field));
        return body ? respond(Problems.ofFields(422, "invalid-field", "Invalid field", errors), request)
                : respond(Problems.ofFields(400, "bad-request", "Bad request", errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (findCause(e, dev.slimfit.api.web.BodyTooLargeException.class) != null) {
            return respond(Problems.of(413, "body-too-large", "Request body too large",
                    findCause(e, dev.slimfit.api.web.BodyTooLargeException.class).getMessage(),
                    "body"), request);
        }
        InvalidJsonValueException invalid = findCause(e, InvalidJsonValueException.class);
        if (invalid != null) {
            String field = jsonPath(invalid.getPath());
            return respond(Problems.of(422, "invalid-field", "Invalid field",
                    (field.isEmpty() ? "a value" : field) + ": " + invalid.getOriginalMessage(),
                    field.isEmpty() ? "body" : field), request);
        }
        JacksonException cause = findCause(e, JacksonException.class);
        if (cause == null) {
            return respond(Problems.of(400, "malformed-body", "Malformed request body",
                    "the request body is missing or is not valid JSON", null), request);
        }
        String field = jsonPath(cause.getPath());
        String detail = describe(cause);
        java.util.regex.Matcher duplicate = DUPLICATE.matcher(String.valueOf(cause.getOriginalMessage()));
        if (duplicate.find()) {
            String name = duplicate.group(1);
            String path = field.isEmpty() ? name : field + "." + name;
            return respond(Problems.of(400, "duplicate-field", "Duplicate field",
                    path + ": appears more than once in one object", path), request);
        }
        if (field.isEmpty()) {
            return respond(Problems.of(400, "malformed-body", "Malformed request body",
                    "the request body is not valid JSON: " + detail, null), request);
        }
        return respond(Problems.of(400, "malformed-field", "Malformed field",
                field + ": " + detail, field), request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e instanceof MissingRequestHeaderException missing) {
            return respond(Problems.of(400, "bad-request", "Bad request",
                    "header " + missing.getHeaderName() + " is required", missing.getHeaderName()), request);
        }
        if (e instanceof org.springframework.web.bind.MissingServletRequestParameterException missing) {
            return respond(Problems.of(400, "bad-request", "Bad request",
                    "query parameter " + missing.getParameterName() + " is required", missing.getParameterName()),
                    request);
        }
        return respond(Problems.of(400, "bad-request", "Bad request", Problems.sanitize(e.getMessage()), null),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(Problems.of(415, "unsupported-media-type", "Unsupported media type",
                "send the body as application/json", "Content-Type"), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleServletRequestBindingException(e, headers, status, request);
    }

    /**
     * What Spring MVC answers on its own (404 no such path, 405 wrong method, 406 unacceptable Accept, ...) gets a
     * Slimfit type, the field it is about, and keeps its headers (Allow on a 405).
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                ProblemDetail typed = Problems.of(problem.getStatus(), Problems.typeFor(problem.getStatus()),
                        problem.getTitle(), Problems.sanitize(problem.getDetail()), fieldFor(problem.getStatus()));
                return respond(typed, headers, request);
            }
            return respond(problem, headers, request);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static String fieldFor(int status) {
        return switch (status) {
            case 405 -> "method";
            case 406 -> "Accept";
            case 415 -> "Content-Type";
            default -> null;
        };
    }

    private static final java.util.regex.Pattern DUPLICATE =
            java.util.regex.Pattern.compile("Duplicate (?:Object property|field) \"([^\"]*)\"");

    /** A Jackson error as the client should read it: what was expected, in plain words, never a Java type. */
    static String describe(JacksonException e) {
        if (e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof tools.jackson.databind.exc.InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "'" + Problems.sanitize(String.valueOf(format.getValue())) + "' is not one of "
                    + List.of(format.getTargetType().getEnumConstants());
        }
        if (e instanceof tools.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null
                && !(e instanceof tools.jackson.databind.exc.ValueInstantiationException)) {
            Class<?> target = mismatch.getTargetType();
            if (target.isEnum()) {
                return "expected one of " + List.of(target.getEnumConstants());
            }
            if (target.isArray() || java.util.Collection.class.isAssignableFrom(target)) {
                return "expected an array";
            }
            String plain = Problems.plainType(target.getSimpleName());
            return "expected " + ("value".equals(plain) ? "an object" : article(plain) + plain);
        }
        return Problems.sanitize(e.getOriginalMessage());
    }

    private static String article(String word) {
        return "integer".equals(word) || "array".equals(word) || "object".equals(word) ? "an " : "a ";
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
        return respond(problem, null, request);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        return respond(problem, headers, request, true);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, WebRequest request,
                                           boolean logged) {
        if (request instanceof ServletWebRequest servlet && problem.getInstance() == null) {
            problem.setInstance(java.net.URI.create(servlet.getRequest().getRequestURI()));
        }
        if (logged && problem.getStatus() < 500) {
            log.warn("{} {} -> {} {}", problem.getStatus(), describe(request), problem.getType(),
                    problem.getDetail());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.getStatus());
        if (headers != null) {
            HttpHeaders kept = new HttpHeaders();
            headers.forEach((name, values) -> {
                if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                    kept.addAll(name, values);
                }
            });
            answer.headers(kept);
        }
        return answer.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }

    static String jsonPath(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
