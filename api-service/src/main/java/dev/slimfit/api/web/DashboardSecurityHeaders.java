package dev.slimfit.api.web;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for the dashboard's page and static assets ({@code /}, {@code /index.html}, {@code /dashboard*},
 * {@code /webjars/echarts/**}): a Content-Security-Policy that allows scripts from this origin only (no inline
 * script, no inline handlers, no eval), connections to this origin only, and no framing; plus nosniff, no referrer.
 * Inline styles stay allowed: the chart library positions its tooltips with them. The API, the OpenAPI UI and
 * actuator keep their own headers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DashboardSecurityHeaders extends OncePerRequestFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final Pattern DASHBOARD = Pattern.compile("^/(index\\.html|dashboard[A-Za-z0-9._-]*|"
            + "favicon\\.ico|webjars/echarts/.*)?$");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !DASHBOARD.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
