package dev.slimfit.api.auth;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import dev.slimfit.api.config.ApiProperties;

/**
 * Resolves a bearer secret to its {@link Caller}: the admin key, the enrollment secret, the worker secret
 * (compared in constant time), an active device token ({@code sfd_...}) or an active team API key (both found by
 * their SHA-256). An unknown or revoked secret is a {@link BadCredentialsException}; the secret is never logged.
 */
@Component
class BearerAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeyRepository keys;
    private final JdbcClient jdbc;
    private final ApiProperties properties;
    private final TeamKeyCache cache;

    BearerAuthenticationProvider(ApiKeyRepository keys, JdbcClient jdbc, ApiProperties properties,
                                 TeamKeyCache cache) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.properties = properties;
        this.cache = cache;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String secret = ((CallerAuthentication) authentication).secret();
        Caller caller = resolve(secret).orElseThrow(() -> new BadCredentialsException("unknown or revoked secret"));
        return CallerAuthentication.resolved(caller);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return CallerAuthentication.class.isAssignableFrom(authentication);
    }

    Optional<Caller> resolve(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        if (matches(properties.adminKey(), key)) {
            return Optional.of(Caller.administrator());
        }
        if (matches(properties.enrollmentSecret(), key)) {
            return Optional.of(Caller.enrollment());
        }
        if (matches(properties.workerSecret(), key)) {
            return Optional.of(Caller.worker());
        }
        String hash = KeyHasher.hash(key);
        if (key.startsWith(KeyHasher.DEVICE_PREFIX)) {
            return jdbc.sql("SELECT id FROM devices WHERE token_hash = :hash AND revoked_at IS NULL")
                    .param("hash", hash).query(UUID.class).optional().map(Caller::ofDevice);
        }
        Optional<UUID> remembered = cache.team(hash);
        if (remembered.isPresent()) {
            return remembered.map(Caller::ofTeam);
        }
        Optional<UUID> team = keys.findByKeyHash(hash).filter(ApiKey::active).map(ApiKey::teamId);
        team.ifPresent(t -> cache.remember(hash, t));
        return team.map(Caller::ofTeam);
    }

    private static boolean matches(String configured, String presented) {
        return !configured.isEmpty() && KeyHasher.constantTimeEquals(configured, presented);
    }
}
