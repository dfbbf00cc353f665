package dev.slimfit.api.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.slimfit.api.auth.Caller;
import dev.slimfit.api.error.ProblemWriter;
import dev.slimfit.api.error.Problems;

/**
 * Per-team limits, after authentication and before any handler runs: every request of a team, and job
 * submissions separately. A refused request is 429 problem+json with {@code Retry-After} and does nothing.
 * Not a bean: the security chain places it right after the bearer filter.
 */
public final class TeamRateLimitFilter extends OncePerRequestFilter {

    private static final RequestMatcher SUBMIT = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/api/v1/jobs");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TeamRateLimitFilter.class);

    private final RateLimits limits;
    private final ProblemWriter problems;

    public TeamRateLimitFilter(RateLimits limits, ProblemWriter problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller
                && caller.kind() == Caller.Kind.TEAM) {
            String team = caller.teamId().toString();
            long wait = limits.teamRequests().tryAcquire(team);
            if (wait > 0) {
                refuse(response, wait, "team-rate-limited", "this team sends requests faster than its limit");
                return;
            }
            if (SUBMIT.matches(request)) {
                wait = limits.teamSubmits().tryAcquire(team);
                if (wait > 0) {
                    refuse(response, wait, "submit-rate-limited", "this team submits jobs faster than its limit");
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, long wait, String type, String detail) throws IOException {
        log.warn("429 {}: {}", type, detail);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        problems.write(response, Problems.of(429, type, "Too many requests", detail + "; retry after " + wait
                + " s", null));
    }
}
