package dev.slimfit.api.latency;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Returns profiling tasks whose device stopped answering, so another agent can finish them. */
@Component
class LeaseSweeper {

    private final ProfilingService profiling;

    LeaseSweeper(ProfilingService profiling) {
        this.profiling = profiling;
    }

    @Scheduled(fixedDelayString = "${slimfit.api.sweep-millis:1000}")
    void sweep() {
        profiling.expireLeases();
    }
}
