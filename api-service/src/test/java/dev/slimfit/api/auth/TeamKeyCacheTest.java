package dev.slimfit.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.config.KeyCacheProperties;

class TeamKeyCacheTest {

    final AtomicLong now = new AtomicLong(1_000);
    final UUID team = UUID.randomUUID();

    TeamKeyCache cache(Duration ttl, int max) {
        return new TeamKeyCache(new KeyCacheProperties(ttl, max), now::get);
    }

    @Test
    void aRememberedKeyIsTrustedUntilItsTimeToLiveEnds() {
        TeamKeyCache cache = cache(Duration.ofNanos(100), 10);
        cache.remember("h", team);
        now.addAndGet(99);
        assertThat(cache.team("h")).contains(team);
        now.addAndGet(1);
        assertThat(cache.team("h")).isEmpty();
        assertThat(cache.team("other")).isEmpty();
    }

    @Test
    void aRevocationOutsideATransactionForgetsAtOnceAndAZeroTtlRemembersNothing() {
        TeamKeyCache cache = cache(Duration.ofSeconds(5), 10);
        cache.remember("h", team);
        cache.forgetAllAfterCommit();
        assertThat(cache.team("h")).isEmpty();

        TeamKeyCache off = cache(Duration.ZERO, 10);
        off.remember("h", team);
        assertThat(off.team("h")).isEmpty();
    }

    @Test
    void aFullCacheStartsOverInsteadOfGrowing() {
        TeamKeyCache cache = cache(Duration.ofSeconds(5), 2);
        cache.remember("a", team);
        cache.remember("b", team);
        cache.remember("c", team);
        assertThat(cache.team("a")).isEmpty();
        assertThat(cache.team("c")).contains(team);
    }
}
