package dev.slimfit.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void aBurstThenTheRefillRateThenRetryAfterInWholeSeconds() {
        RateLimiter limiter = new RateLimiter(3, 0.5, 100, now::get);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isEqualTo(2);
        assertThat(limiter.tryAcquire("b")).as("keys are independent").isZero();
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire("a")).isEqualTo(1);
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isEqualTo(2);
    }

    @Test
    void blockedForTakesNothingAndConsumeNeverRefuses() {
        RateLimiter limiter = new RateLimiter(2, 1, 100, now::get);
        assertThat(limiter.blockedFor("x")).isZero();
        limiter.consume("x");
        limiter.consume("x");
        limiter.consume("x");
        assertThat(limiter.blockedFor("x")).isEqualTo(1);
        assertThat(limiter.blockedFor("x")).isEqualTo(1);
        now.addAndGet(1_000_000_000L);
        assertThat(limiter.blockedFor("x")).isZero();
    }

    @Test
    void fullBucketsAreForgottenSoMemoryStaysBounded() {
        RateLimiter limiter = new RateLimiter(1, 1, 10, now::get);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("k" + i);
        }
        now.addAndGet(5_000_000_000L);
        limiter.tryAcquire("new");
        assertThat(limiter.trackedKeys()).isEqualTo(1);
    }

    @Test
    void aZeroBurstSwitchesTheLimitOff() {
        RateLimiter limiter = new RateLimiter(0, 1, 10, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
    }
}
