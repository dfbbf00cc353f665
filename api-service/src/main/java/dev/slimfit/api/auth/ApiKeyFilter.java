package dev.slimfit.api.auth;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.slimfit.api.config.ApiProperties;
import dev.slimfit.api.error.ProblemWriter;
import dev.slimfit.api.error.Problems;

/**
 * Authenticates every {@code /api/v1/**} request by its bearer secret (the admin key, the enrollment secret, an
 * active team API key or an active device token) and answers 401 otherwise. The key itself is never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyRepository keys;
    private final JdbcClient jdbc;
    private final ApiProperties properties;
    private final ProblemWriter problems;

    ApiKeyFilter(ApiKeyRepository keys, JdbcClient jdbc, ApiProperties properties, ProblemWriter problems) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = resolve(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(response, Problems.of(401, "unauthorized", "Unauthorized",
                    "send a valid API key as 'Authorization: Bearer <key>'", "Authorization"));
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private Optional<Caller> resolve(String header) {
        if (header == null || !header.startsWith(BEARER)) {
            return Optional.empty();
        }
        String key = header.substring(BEARER.length()).trim();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String adminKey = properties.adminKey();
        if (!adminKey.isEmpty() && KeyHasher.constantTimeEquals(adminKey, key)) {
            return Optional.of(Caller.administrator());
        }
        String enrollment = properties.enrollmentSecret();
        if (!enrollment.isEmpty() && KeyHasher.constantTimeEquals(enrollment, key)) {
            return Optional.of(Caller.enrollment());
        }
        String workerSecret = properties.workerSecret();
        if (!workerSecret.isEmpty() && KeyHasher.constantTimeEquals(workerSecret, key)) {
            return Optional.of(Caller.worker());
        }
        String hash = KeyHasher.hash(key);
        if (key.startsWith(KeyHasher.DEVICE_PREFIX)) {
            return jdbc.sql("SELECT id FROM devices WHERE token_hash = :hash AND revoked_at IS NULL")
                    .param("hash", hash).query(java.util.UUID.class).optional().map(Caller::ofDevice);
        }
        return keys.findByKeyHash(hash).filter(ApiKey::active).map(k -> Caller.ofTeam(k.teamId()));
    }
}
