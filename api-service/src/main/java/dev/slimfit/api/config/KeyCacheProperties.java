package dev.slimfit.api.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process cache of team API keys ({@code slimfit.api.key-cache.*}).
 *
 * @param ttl        how long a key found active is trusted without asking the database again; a key revoked on
 *                   this replica stops at once, on the other replicas within this time. 0 turns the cache off
 * @param maxEntries keys remembered at most (the cache starts over when full)
 */
@ConfigurationProperties("slimfit.api.key-cache")
public record KeyCacheProperties(@DefaultValue("5s") Duration ttl, @DefaultValue("10000") int maxEntries) {
}
