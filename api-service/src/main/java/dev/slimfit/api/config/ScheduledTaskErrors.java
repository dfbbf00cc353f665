package dev.slimfit.api.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ErrorHandler;

import dev.slimfit.api.error.DatabaseOutage;

/**
 * How errors of scheduled tasks (relay, sweepers, fitter) are logged. A task that fails because the database is
 * unreachable is expected to fail on every run until it is back, and each run would log a stack trace (half a dozen
 * tasks, every second); such failures are one WARN line at most every 30 s. Anything else is logged at ERROR with
 * its stack trace, as Spring does by default. Either way the task runs again on schedule.
 */
@Configuration(proxyBeanMethods = false)
class ScheduledTaskErrors {

    private static final Logger log = LoggerFactory.getLogger(ScheduledTaskErrors.class);
    private static final long QUIET_NANOS = Duration.ofSeconds(30).toNanos();

    private final AtomicLong lastOutageLog = new AtomicLong(System.nanoTime() - QUIET_NANOS);

    @Bean
    ThreadPoolTaskSchedulerCustomizer outageAwareThreadPoolScheduler() {
        return scheduler -> scheduler.setErrorHandler(handler());
    }

    @Bean
    SimpleAsyncTaskSchedulerCustomizer outageAwareSimpleScheduler() {
        return scheduler -> scheduler.setErrorHandler(handler());
    }

    private ErrorHandler handler() {
        return error -> {
            if (!DatabaseOutage.causedBy(error)) {
                log.error("scheduled task failed; it runs again on schedule", error);
                return;
            }
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            if (now - last >= QUIET_NANOS && lastOutageLog.compareAndSet(last, now)) {
                log.warn("scheduled tasks paused: the database is unreachable ({}); they resume on their own",
                        error.toString());
            }
        };
    }
}
