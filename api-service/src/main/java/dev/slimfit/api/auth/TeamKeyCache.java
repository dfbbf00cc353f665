package dev.slimfit.api.auth;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.slimfit.api.config.KeyCacheProperties;

/**
 * Active team keys by SHA-256, remembered for a few seconds. Every API call presents a key, and looking it up
 * was a database round trip and a JPA session per request, a large share of a status read. Only keys found
 * active are remembered (an unknown key always asks the database, and is rate limited per address instead); a
 * revocation on this replica empties the cache when it commits, so there the key stops at once; another replica
 * trusts what it remembered for at most {@code slimfit.api.key-cache.ttl}.
 */
@Component
class TeamKeyCache {

    private record Entry(UUID teamId, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    @Autowired
    TeamKeyCache(KeyCacheProperties properties) {
        this(properties, System::nanoTime);
    }

    TeamKeyCache(KeyCacheProperties properties, LongSupplier nanoTime) {
        this.ttlNanos = properties.ttl().toNanos();
        this.maxEntries = properties.maxEntries();
        this.nanoTime = nanoTime;
    }

    /** The team of an active key seen within the time to live, if any. */
    Optional<UUID> team(String keyHash) {
        Entry entry = byHash.get(keyHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
            byHash.remove(keyHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.teamId());
    }

    void remember(String keyHash, UUID teamId) {
        if (ttlNanos <= 0) {
            return;
        }
        if (byHash.size() >= maxEntries) {
            byHash.clear(); // simple and bounded: the next requests refill it from the database
        }
        byHash.put(keyHash, new Entry(teamId, nanoTime.getAsLong() + ttlNanos));
    }

    /** Forgets every key once the caller's transaction commits (at once without one): a key was revoked. */
    void forgetAllAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    byHash.clear();
                }
            });
        } else {
            byHash.clear();
        }
    }
}
