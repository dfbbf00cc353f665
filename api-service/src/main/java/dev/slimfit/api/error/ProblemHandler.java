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

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException e, WebRequest request) {
        return respond(Problems.of(e.status(), e.type(), e.title(), e.getMessage(), e.field()), request);
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<Object> handleIllegalTransition(IllegalTransitionException e, WebRequest request) {
        return respond(Problems.of(409, "illegal-transition", "Conflict", e.getMessage(), null), request);
    }

    /** A concurrent request won a unique constraint (two teams or devices with one name at the same time). */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> handleConflict(DataIntegrityViolationException e, WebRequest request) {
        return respond(Problems.of(409, "conflict", "Conflict",
                "the request conflicts with data stored at the same time; read it back and retry", null), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        String detail = "'" + e.getValue() + "' is not a valid " + expected;
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
            return respond(Problems.of(422, "invalid-field", "Invalid request", e.getMessage(), null), request);
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
        JacksonException cause = findCause(e, JacksonException.class);
        if (cause == null) {
            return respond(Problems.of(400, "malformed-body", "Malformed request body",
                    "the request body is missing or is not valid JSON", null), request);
        }
        String field = jsonPath(cause.getPath());
        String detail = cause.getOriginalMessage();
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
        return respond(Problems.of(400, "bad-request", "Bad request", e.getMessage(), null), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(Problems.of(415, "unsupported-media-type", "Unsupported media type",
                "send the body as application/json", "Content-Type"), request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            return respond(problem, request);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && problem.getInstance() == null) {
            problem.setInstance(java.net.URI.create(servlet.getRequest().getRequestURI()));
        }
        if (problem.getStatus() < 500) {
            log.warn("{} {} -> {} {}", problem.getStatus(), describe(request), problem.getType(),
                    problem.getDetail());
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
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
