package dev.slimfit.api.error;

import java.net.URI;
import java.util.List;

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
