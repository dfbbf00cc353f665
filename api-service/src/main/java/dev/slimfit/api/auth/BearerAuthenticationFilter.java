package dev.slimfit.api.auth;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.slimfit.api.error.DatabaseOutage;
import dev.slimfit.api.error.ProblemWriter;
import dev.slimfit.api.error.Problems;
import dev.slimfit.api.web.RateLimiter;

/**
 * Reads {@code Authorization: Bearer <secret>} and, through the {@link AuthenticationManager}
 * ({@link BearerAuthenticationProvider}), puts the resolved {@link Caller} into the security context (its kind as
 * a role) and into the request for {@link CallerArgumentResolver}. A missing or unknown secret leaves the request
 * anonymous: the chain's rules then answer 401 where a role is needed, and public paths still work. Each unknown
 * secret costs its source address a token of the failed-authentication bucket; while that bucket is empty, any
 * request from the address that presents a secret is answered 429 before the secret is looked up.
 * Not a bean, so Boot does not also register it as a servlet filter.
 */
final class BearerAuthenticationFilter extends OncePerRequestFilter {

    /** Request attribute saying why a presented credential was not accepted (for the 401's detail). */
    static final String FAILURE = BearerAuthenticationFilter.class.getName() + ".failure";

    private static final String BEARER = "bearer ";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BearerAuthenticationFilter.class);

    private final AuthenticationManager authentication;
    private final RateLimiter failedAuth;
    private final ProblemWriter problems;
    private final DatabaseOutage outage;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository requestContexts;

    BearerAuthenticationFilter(AuthenticationManager authentication, RateLimiter failedAuth, ProblemWriter problems,
                               DatabaseOutage outage, SecurityContextRepository requestContexts) {
        this.requestContexts = requestContexts;
        this.authentication = authentication;
        this.failedAuth = failedAuth;
        this.problems = problems;
        this.outage = outage;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        long retryAfter = failedAuth.blockedFor(address);
        if (retryAfter > 0) {
            log.warn("429 {} {}: too many failed authentications from {}", request.getMethod(),
                    request.getRequestURI(), address);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            problems.write(response, Problems.of(429, "too-many-failed-authentications",
                    "Too many failed authentications", "too many unknown secrets were presented from this address;"
                            + " retry after " + retryAfter + " s", "Authorization"));
            return;
        }
        String secret = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : "";
        if (secret.isEmpty()) {
            request.setAttribute(FAILURE, "the Authorization header must be 'Bearer <secret>'");
            failedAuth.consume(address);
            chain.doFilter(request, response);
            return;
        }
        try {
            Authentication resolved = authentication.authenticate(CallerAuthentication.unresolved(secret));
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(resolved);
            contexts.setContext(context);
            // Kept on the request too: a long poll answers on an ASYNC dispatch, which this filter does not see;
            // the chain loads the caller from the same repository there and checks its rules again.
            requestContexts.saveContext(context, request, response);
            request.setAttribute(Caller.ATTRIBUTE, resolved.getPrincipal());
        } catch (AuthenticationException e) {
            failedAuth.consume(address);
            request.setAttribute(FAILURE, "the presented secret is unknown or revoked");
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            // Keys live in the database: while it is unreachable no credential can be checked. Neither a 401
            // (the key is fine) nor a failed-authentication token (the caller did nothing wrong).
            log.warn("503 {} {}: no database connection to check the credential ({})", request.getMethod(),
                    request.getRequestURI(), e.toString());
            outage.write(response);
            return;
        }
        chain.doFilter(request, response);
    }

    static String describe(HttpServletRequest request) {
        Object failure = request.getAttribute(FAILURE);
        return failure != null ? failure.toString().toLowerCase(Locale.ROOT)
                : "send a valid API key as 'Authorization: Bearer <key>'";
    }
}
