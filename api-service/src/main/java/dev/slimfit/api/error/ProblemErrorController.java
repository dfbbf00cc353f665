package dev.slimfit.api.error;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Replaces Spring Boot's {@code /error} (an HTML or plain JSON page, and a 500 when called directly): what the
 * servlet container forwards here (an exception in a filter, {@code sendError} from Tomcat or a filter) becomes
 * problem+json with a Slimfit type, whatever the request's {@code Accept}. Asked for directly, {@code /error} is a
 * 404 problem.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private final DatabaseOutage outage;

    ProblemErrorController(DatabaseOutage outage) {
        this.outage = outage;
    }

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown instanceof Throwable error && DatabaseOutage.causedBy(error)) {
            // A filter (or anything before the controllers) found the database unreachable: 503, not 500.
            ProblemDetail problem = outage.problem();
            instance(problem, request);
            return ResponseEntity.status(503).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(outage.retryAfterSeconds()))
                    .body(problem);
        }
        ProblemDetail problem;
        if (!(code instanceof Integer status) || status < 400) {
            problem = Problems.of(404, "not-found", "Not found", "there is nothing at this path", null);
            problem.setInstance(URI.create("/error"));
        } else {
            problem = Problems.forStatus(status, null);
            instance(problem, request);
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static void instance(ProblemDetail problem, HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && !path.isEmpty()) {
            try {
                problem.setInstance(URI.create(path));
            } catch (IllegalArgumentException ignored) {
                // a path that is not a valid URI stays out of the answer
            }
        }
    }
}
