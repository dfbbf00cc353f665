package dev.slimfit.api.auth;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;


import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import dev.slimfit.api.error.DatabaseOutage;
import dev.slimfit.api.error.ProblemWriter;
import dev.slimfit.api.error.Problems;
import dev.slimfit.api.web.RateLimits;
import dev.slimfit.api.web.TeamRateLimitFilter;

/**
 * The default-deny edge. Every path is refused unless a rule below lets it through; the rules match the path as
 * Spring Security's firewall normalised it (a path with {@code ;}, an encoded slash, dot or percent, a backslash,
 * {@code ..} or a control character is rejected first, as 400 problem+json). Callers authenticate with
 * {@code Authorization: Bearer <secret>} ({@link BearerAuthenticationFilter}) and hold one role: TEAM, ADMIN,
 * WORKER, DEVICE or ENROLLMENT.
 *
 * <p>Public: the dashboard's static files, {@code /actuator/health} (status only; details for ADMIN), Swagger UI
 * with its config and the team API's document {@code /v3/api-docs/team}, and {@code /error}. The whole OpenAPI
 * document and its admin/internal/all groups, and every other actuator endpoint (prometheus, metrics, info) need
 * the admin key. No credential: 401; the wrong kind: 403; both problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    static final String TEAM = Caller.Kind.TEAM.name();
    static final String ADMIN = Caller.Kind.ADMIN.name();
    static final String WORKER = Caller.Kind.WORKER.name();
    static final String DEVICE = Caller.Kind.DEVICE.name();
    static final String ENROLLMENT = Caller.Kind.ENROLLMENT.name();

    /** What the dashboard loads; everything else at the root is refused. */
    static final String[] STATIC_ASSETS = {"/", "/index.html", "/*.js", "/*.css", "/*.map", "/favicon.ico",
            "/*.png", "/*.svg", "/webjars/**"};

    /**
     * No Micrometer observation around each of Spring Security's filters: with an observation registry present it
     * wraps every filter of the chain in one, per request, which was a visible share of a status read's CPU time.
     * Requests are still observed as a whole ({@code http.server.requests}).
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain slimfitSecurity(HttpSecurity http, BearerAuthenticationProvider provider,
            RateLimits limits, ProblemWriter problems, DatabaseOutage outage) throws Exception {
        // The bearer filter keeps the caller on the request and the chain loads it from there, so an ASYNC
        // dispatch (a long poll's answer) is authorised again by the same rules, not waved through.
        SecurityContextRepository requestContexts = new RequestAttributeSecurityContextRepository();
        BearerAuthenticationFilter bearer = new BearerAuthenticationFilter(new ProviderManager(provider),
                limits.failedAuthentication(), problems, outage, requestContexts);
        http.csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(requestContexts))
                .addFilterBefore(bearer, AnonymousAuthenticationFilter.class)
                .addFilterAfter(new TeamRateLimitFilter(limits, problems), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(response, Problems.of(401, "unauthorized", "Unauthorized",
                                    BearerAuthenticationFilter.describe(request), "Authorization"));
                        })
                        .accessDeniedHandler((request, response, denied) -> problems.write(response,
                                Problems.of(403, "forbidden", "Forbidden", forbiddenDetail(request), null))))
                .headers(h -> h
                        .contentTypeOptions(c -> { })
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .cacheControl(c -> { })
                        // The dashboard's own policy (set by its pages' code) wins; JSON answers get the strictest.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(path("/api/**"),
                                new StaticHeadersWriter("Content-Security-Policy",
                                        "default-src 'none'; frame-ancestors 'none'"))))
                .authorizeHttpRequests(a -> a
                        // Container error pages and Spring's /error answer whoever got there.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(GET, STATIC_ASSETS).permitAll()
                        .requestMatchers(HEAD, STATIC_ASSETS).permitAll()
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(GET, "/readyz", "/livez").permitAll()
                        .requestMatchers("/actuator", "/actuator/**").hasRole(ADMIN)
                        .requestMatchers(GET, "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/swagger-config",
                                "/v3/api-docs/team").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/worker/**").hasRole(WORKER)
                        .requestMatchers(POST, "/api/v1/devices").hasRole(ENROLLMENT)
                        .requestMatchers(POST, "/api/v1/devices/*/heartbeat").hasRole(DEVICE)
                        .requestMatchers(POST, "/api/v1/devices/*/revoke").hasRole(ADMIN)
                        .requestMatchers(GET, "/api/v1/devices", "/api/v1/devices/**").hasAnyRole(TEAM, ADMIN)
                        .requestMatchers("/api/v1/profiling-tasks/**").hasRole(DEVICE)
                        .requestMatchers("/api/v1/latency-tables", "/api/v1/latency-tables/**")
                        .hasAnyRole(TEAM, ADMIN)
                        .requestMatchers(GET, "/api/v1/search-spaces", "/api/v1/search-spaces/**")
                        .hasAnyRole(TEAM, ADMIN)
                        .requestMatchers("/api/v1/jobs", "/api/v1/jobs/**", "/api/v1/methods", "/api/v1/team")
                        .hasRole(TEAM)
                        .anyRequest().denyAll());
        return http.build();
    }

    /** Ambiguous or malicious URLs and header values the firewall refuses: 400 problem+json, never HTML. */
    @Bean
    RequestRejectedHandler problemRequestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> {
            log.warn("400 {} rejected by the firewall: {}", request.getMethod(), rejected.getMessage());
            problems.write(response, Problems.of(400, "rejected-request", "Rejected request",
                    "the request is ambiguous or malformed (a ';', an encoded '/', '.', '%' or '\\\\', '..', "
                            + "or a control character in the URL or a header) and was refused", null));
        };
    }

    @Bean
    WebSecurityCustomizer problemFirewallAnswers(RequestRejectedHandler handler) {
        return web -> web.requestRejectedHandler(handler);
    }

    private static PathPatternRequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    private static String forbiddenDetail(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String who = authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? switch (caller.kind()) {
                    case TEAM -> "a team API key";
                    case ADMIN -> "the admin key";
                    case WORKER -> "the worker secret";
                    case DEVICE -> "a device token";
                    case ENROLLMENT -> "the enrollment secret";
                }
                : "this credential";
        return who + " may not call " + request.getMethod() + " on this path; " + needed(request);
    }

    private static String needed(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/v1/admin/") || path.startsWith("/actuator") || path.startsWith("/v3/api-docs")
                || path.endsWith("/revoke")) {
            return "it needs the admin key";
        }
        if (path.startsWith("/api/v1/worker/")) {
            return "it is for search workers";
        }
        if (path.startsWith("/api/v1/profiling-tasks") || path.endsWith("/heartbeat")) {
            return "it needs a device token";
        }
        if ("/api/v1/devices".equals(path) && "POST".equals(request.getMethod())) {
            return "registering a device needs the enrollment secret";
        }
        if (path.startsWith("/api/v1/jobs") || path.startsWith("/api/v1/methods")) {
            return "it needs a team API key";
        }
        if (path.startsWith("/api/")) {
            return "it needs a team API key or the admin key";
        }
        return "no credential opens it";
    }

}
