package dev.slimfit.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.request.async.DeferredResult;

class LongPollTest {

    private final LongPoll polls = new LongPoll();

    @AfterEach
    void close() {
        polls.destroy();
    }

    @Test
    void aFirstCheckThatIsTheAnswerIsAnsweredAtOnceOnTheCallersThread() {
        AtomicInteger checks = new AtomicInteger();
        DeferredResult<String> result = polls.until(Duration.ofSeconds(30), checks::incrementAndGet, n -> n >= 1,
                n -> "after " + n);
        assertThat(result.getResult()).isEqualTo("after 1");
        assertThat(polls.waiting()).isZero();
    }

    @Test
    void checksRepeatUntilTheAnswerComes() {
        AtomicInteger checks = new AtomicInteger();
        DeferredResult<String> result = polls.until(Duration.ofSeconds(30), checks::incrementAndGet, n -> n >= 3,
                n -> "after " + n);
        assertThat(result.hasResult()).isFalse();
        assertThat(polls.waiting()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(result::hasResult);
        assertThat(result.getResult()).isEqualTo("after 3");
        assertThat(checks).hasValue(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> polls.waiting() == 0);
    }

    @Test
    void aWaitThatEndsWithoutTheAnswerGivesTheLastCheck() {
        AtomicInteger checks = new AtomicInteger();
        DeferredResult<String> result = polls.until(Duration.ofMillis(600), checks::incrementAndGet, n -> false,
                n -> "none after " + n);
        await().atMost(Duration.ofSeconds(10)).until(result::hasResult);
        // at once, then every 250 ms until 600 ms: 0, 250, 500 and the deadline's check
        assertThat(result.getResult()).isEqualTo("none after " + checks.get());
        assertThat(checks.get()).isBetween(3, 5);
        assertThat(polls.waiting()).isZero();
    }

    @Test
    void aFailingCheckFailsTheRequest() {
        AtomicInteger checks = new AtomicInteger();
        DeferredResult<String> result = polls.until(Duration.ofSeconds(30), () -> {
            if (checks.incrementAndGet() == 2) {
                throw new IllegalStateException("database gone");
            }
            return checks.get();
        }, n -> false, n -> "never");
        await().atMost(Duration.ofSeconds(10)).until(result::hasResult);
        assertThat(result.getResult()).isInstanceOf(IllegalStateException.class);
        assertThat(polls.waiting()).isZero();
    }

    @Test
    void aDoneCheckWhoseRequestEndedMeanwhileIsHandedBack() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        List<Integer> handedBack = new CopyOnWriteArrayList<>();
        DeferredResult<String> result = polls.until(Duration.ofSeconds(30), () -> {
            if (checks.incrementAndGet() == 1) {
                return 0;                       // the request thread's check: nothing yet
            }
            checking.countDown();
            try {
                release.await();                // the claim is running while the request ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 42;                          // and it took something
        }, n -> n > 0, n -> "got " + n, handedBack::add);
        assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
        result.setErrorResult(new IllegalStateException("the container ended the request"));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !handedBack.isEmpty());
        assertThat(handedBack).containsExactly(42);
        assertThat(result.getResult()).isInstanceOf(IllegalStateException.class);
        assertThat(polls.waiting()).isZero();
    }

    @Test
    void stoppingAnswersPendingPollsAndNewOnesAtOnce() {
        polls.start();
        DeferredResult<String> pending = polls.until(Duration.ofSeconds(60), () -> 0, n -> false, n -> "none");
        assertThat(pending.hasResult()).isFalse();
        polls.stop();
        assertThat(pending.getResult()).isEqualTo("none");
        assertThat(polls.isRunning()).isFalse();
        DeferredResult<String> late = polls.until(Duration.ofSeconds(60), () -> 0, n -> false, n -> "none");
        assertThat(late.getResult()).as("no new wait once stopping").isEqualTo("none");
        assertThat(polls.waiting()).isZero();

        polls.start();
        DeferredResult<String> again = polls.until(Duration.ofSeconds(60), () -> 0, n -> false, n -> "none");
        assertThat(again.hasResult()).as("a restarted context waits again").isFalse();
        assertThat(polls.waiting()).isEqualTo(1);
    }
}
