package dev.slimfit.api.web;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Long polls that hold no request thread. An endpoint that waits for something (a profiling task for an agent, a
 * device's answer to a verification) hands its check to {@link #until}: the check runs once at once on the request
 * thread, and when that is not yet the answer the request goes asynchronous and the check is repeated every
 * {@link #INTERVAL} on a small timer pool until it is, or the wait is over. A request thread is held for one check,
 * not for the whole wait, so a few hundred waiting agents cannot starve the status reads of a small Tomcat pool.
 * When the application stops, every pending poll is answered at once with its last check, before the web server's
 * graceful shutdown starts waiting for requests in flight (this bean stops in an earlier lifecycle phase), and new
 * polls answer their first check without waiting.
 */
@Component
public class LongPoll implements SmartLifecycle, DisposableBean {

    public static final Duration INTERVAL = Duration.ofMillis(250);

    /** The asynchronous request outlives its longest wait by this much before the container's timeout applies. */
    private static final long TIMEOUT_SLACK_MILLIS = 10_000;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LongPoll.class);

    private final ScheduledExecutorService timer;
    private final Set<Pending<?, ?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean stopping;

    public LongPoll() {
        AtomicInteger n = new AtomicInteger();
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "long-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Answers {@code answer(check())} as soon as {@code done} holds for a check, or with the last check once
     * {@code wait} has passed. A check that throws fails the request with that exception (the usual error handling
     * turns it into problem+json). The polling stops when the request ends: answered, timed out by the container,
     * or an error the container reports (a client that simply goes away is often noticed only when the answer is
     * written).
     */
    public <T, R> DeferredResult<R> until(Duration wait, Supplier<T> check, Predicate<T> done, Function<T, R> answer) {
        return from(check.get(), wait, check, done, answer, undelivered -> { });
    }

    /**
     * As {@link #until}, for a check that takes something when it is done (a claim leases a task): a done check
     * whose answer can no longer be delivered, because the request ended while the check ran, is handed to
     * {@code undelivered} to give back.
     */
    public <T, R> DeferredResult<R> until(Duration wait, Supplier<T> check, Predicate<T> done, Function<T, R> answer,
                                          Consumer<T> undelivered) {
        return from(check.get(), wait, check, done, answer, undelivered);
    }

    /** As {@link #until}, with the first check's outcome already known (e.g. from the request's own work). */
    public <T, R> DeferredResult<R> from(T first, Duration wait, Supplier<T> check, Predicate<T> done,
                                         Function<T, R> answer) {
        return from(first, wait, check, done, answer, undelivered -> { });
    }

    private <T, R> DeferredResult<R> from(T first, Duration wait, Supplier<T> check, Predicate<T> done,
                                          Function<T, R> answer, Consumer<T> undelivered) {
        DeferredResult<R> result = new DeferredResult<>(wait.toMillis() + TIMEOUT_SLACK_MILLIS);
        if (done.test(first) || wait.isZero() || wait.isNegative() || stopping) {
            result.setResult(answer.apply(first));
            return result;
        }
        Pending<T, R> poll = new Pending<>(result, check, done, answer, undelivered,
                System.nanoTime() + wait.toNanos(), first);
        pending.add(poll);
        result.onCompletion(poll::stop);
        result.onTimeout(poll::finish);
        result.onError(e -> poll.stop());
        if (stopping) {
            poll.finish();      // stop() ran between the check above and the add: it did not see this poll
            return result;
        }
        poll.schedule();
        return result;
    }

    /** How many polls are waiting now (for tests and metrics). */
    public int waiting() {
        return pending.size();
    }

    /** Also a restart after a stop (Spring's test framework stops cached contexts while another one runs). */
    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    /** Answers every pending poll now (the default phase stops before the web server's graceful shutdown). */
    @Override
    public void stop() {
        stopping = true;
        running = false;
        for (Pending<?, ?> poll : pending) {
            poll.finish();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        stop();
        timer.shutdownNow();
    }

    /**
     * One waiting request. A check and the answer it gives are one step under this object's lock, and so is an
     * answer given from outside (the container's timeout, shutdown): a check that is done is either delivered or
     * handed back, never lost behind an answer given meanwhile.
     */
    private final class Pending<T, R> {
        private final DeferredResult<R> result;
        private final Supplier<T> check;
        private final Predicate<T> done;
        private final Function<T, R> answer;
        private final Consumer<T> undelivered;
        private final long deadline;
        private T last;
        private volatile ScheduledFuture<?> next;

        Pending(DeferredResult<R> result, Supplier<T> check, Predicate<T> done, Function<T, R> answer,
                Consumer<T> undelivered, long deadline, T first) {
            this.result = result;
            this.check = check;
            this.done = done;
            this.answer = answer;
            this.undelivered = undelivered;
            this.deadline = deadline;
            this.last = first;
        }

        void schedule() {
            long left = deadline - System.nanoTime();
            long delay = Math.max(0, Math.min(INTERVAL.toNanos(), left));
            try {
                next = timer.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish();   // shutting down
            }
        }

        private synchronized void tick() {
            if (result.isSetOrExpired()) {
                return;
            }
            T now;
            try {
                now = check.get();
            } catch (RuntimeException e) {
                log.debug("long poll check failed: {}", e.toString());
                result.setErrorResult(e);
                stop();
                return;
            }
            last = now;
            boolean isDone = done.test(now);
            if (!isDone && System.nanoTime() < deadline) {
                schedule();
                return;
            }
            boolean delivered = false;
            try {
                delivered = result.setResult(answer.apply(now));
            } catch (RuntimeException e) {
                result.setErrorResult(e);
            }
            if (isDone && !delivered) {
                undelivered.accept(now);
            }
            stop();
        }

        /** Answers with the last check (deadline by the container, or shutdown). */
        synchronized void finish() {
            try {
                result.setResult(answer.apply(last));
            } catch (RuntimeException e) {
                result.setErrorResult(e);
            }
            stop();
        }

        void stop() {
            pending.remove(this);
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
