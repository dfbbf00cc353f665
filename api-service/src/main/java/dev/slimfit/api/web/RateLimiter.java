package dev.slimfit.api.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * In-memory token buckets, one per key (a team id, a source address): {@code burst} tokens, refilled at
 * {@code perSecond}. Deliberately small instead of a library: one JVM, no shared store, nothing to persist. A
 * replica each has its own buckets, so the effective limit of N replicas is N times the configured one. Keys whose
 * bucket is full again are forgotten when more than {@code maxKeys} are held, so memory stays bounded.
 */
public final class RateLimiter {

    private final int burst;
    private final double perSecond;
    private final int maxKeys;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int burst, double perSecond) {
        this(burst, perSecond, 10_000, System::nanoTime);
    }

    RateLimiter(int burst, double perSecond, int maxKeys, LongSupplier nanos) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.maxKeys = maxKeys;
        this.nanos = nanos;
    }

    /** A limiter that never limits ({@code burst <= 0} or a non-positive rate means "off"). */
    public boolean enabled() {
        return burst > 0 && perSecond > 0;
    }

    /** Takes one token: 0 when it was there, else the whole seconds until one will be (for Retry-After). */
    public long tryAcquire(String key) {
        if (!enabled()) {
            return 0;
        }
        return bucket(key).take(true);
    }

    /** Takes a token if one is left, without refusing anything (failures are counted after the fact). */
    public void consume(String key) {
        if (enabled()) {
            bucket(key).take(true);
        }
    }

    /** 0 while {@code key} has a token left, else the whole seconds until it has one again; takes nothing. */
    public long blockedFor(String key) {
        if (!enabled()) {
            return 0;
        }
        Bucket bucket = buckets.get(key);
        return bucket == null ? 0 : bucket.take(false);
    }

    int trackedKeys() {
        return buckets.size();
    }

    private Bucket bucket(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxKeys) {
            long now = nanos.getAsLong();
            buckets.values().removeIf(b -> b.fullAt(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(nanos.getAsLong()));
    }

    private final class Bucket {
        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        synchronized long take(boolean consume) {
            long now = nanos.getAsLong();
            refill(now);
            if (tokens >= 1) {
                if (consume) {
                    tokens -= 1;
                }
                return 0;
            }
            double seconds = (1 - tokens) / perSecond;
            return Math.max(1, (long) Math.ceil(seconds));
        }

        synchronized boolean fullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            if (now > updated) {
                tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
                updated = now;
            }
        }
    }
}
