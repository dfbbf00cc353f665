package dev.slimfit.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/**
 * The agent's work: heartbeat on a timer; in a loop, long-poll for a task, time each configuration, upload the
 * measurements in batches, complete the task. On shutdown it finishes the configuration at hand, uploads what it
 * has and releases the lease, so another agent can carry on without waiting for the lease to expire.
 */
@Component
class ProfilingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProfilingLoop.class);

    private final IdentityService identities;
    private final ApiGateway api;
    private final LatencyMeter meter;
    private final AgentProperties properties;
    private final SearchSpaceRegistry spaces = SearchSpaceRegistry.builtIn();

    private volatile boolean running;
    private volatile boolean stopping;
    private Thread worker;
    private ScheduledExecutorService heartbeats;

    ProfilingLoop(IdentityService identities, ApiGateway api, LatencyMeter meter, AgentProperties properties) {
        this.identities = identities;
        this.api = api;
        this.meter = meter;
        this.properties = properties;
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public synchronized void start() {
        DeviceIdentity identity = identities.ensure();
        stopping = false;
        running = true;
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-heartbeat"));
        long every = properties.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(() -> heartbeat(identity), 0, every, TimeUnit.MILLISECONDS);
        // Not a daemon: with no web server, this thread is what keeps the agent process alive.
        worker = new Thread(this::work, "agent-worker");
        worker.start();
        log.info("profiler agent {} working for {}", identity.name(), properties.apiUrl());
    }

    @Override
    public void stop() {
        stopping = true;
        Thread current = worker;
        if (current != null) {
            current.interrupt(); // wakes a long-poll; a measurement in progress finishes first
            try {
                current.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        running = false;
        log.info("profiler agent stopped cleanly");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void heartbeat(DeviceIdentity identity) {
        try {
            api.heartbeat(identity.deviceId(), meter.hardware());
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.toString());
        }
    }

    private void work() {
        while (!stopping) {
            try {
                Optional<ApiGateway.Task> task = api.claim(properties.claimWait().toSeconds());
                if (task.isPresent()) {
                    if (stopping) {
                        Thread.interrupted(); // the stop interrupt must not fail the release
                        api.release(task.get().taskId());
                    } else {
                        run(task.get());
                    }
                }
            } catch (RuntimeException e) {
                if (stopping) {
                    break;
                }
                log.warn("profiling loop error, retrying: {}", e.toString());
                pause(2_000);
            }
        }
    }

    private void run(ApiGateway.Task task) {
        Optional<SearchSpace> space = spaces.find(task.searchSpace());
        if (space.isEmpty()) {
            api.fail(task.taskId(), "this agent does not know search space '" + task.searchSpace() + "'");
            return;
        }
        log.info("task {}: {} {} configurations of {} at batch {} (attempt {})", task.taskId(),
                task.configurations().size(), task.kind(), task.searchSpace(), task.batchSize(), task.attempt());
        List<ApiGateway.Measured> batch = new ArrayList<>();
        try {
            for (int i = 0; i < task.configurations().size(); i++) {
                List<Integer> widths = task.configurations().get(i);
                if (stopping) {
                    Thread.interrupted(); // the stop interrupt must not fail the last upload and the release
                    flush(task, batch);
                    api.release(task.taskId());
                    log.info("task {} released on shutdown after {} configurations", task.taskId(), i);
                    return;
                }
                LatencyMeter.Result r;
                try {
                    r = meter.measure(space.get(), widths.stream().mapToInt(Integer::intValue).toArray(),
                            task.batchSize());
                } catch (RuntimeException e) {
                    // This device cannot time this network: that is the task's failure, not a hiccup.
                    log.error("task {}: timing {} failed", task.taskId(), widths, e);
                    api.fail(task.taskId(), e.getClass().getSimpleName() + " timing " + widths + ": "
                            + e.getMessage());
                    return;
                }
                batch.add(new ApiGateway.Measured(i, widths, r.latencyMs(), r.spreadMs(), r.settings()));
                if (batch.size() >= properties.uploadBatchSize()) {
                    flush(task, batch);
                }
            }
            flush(task, batch);
            api.complete(task.taskId());
        } catch (RuntimeException e) {
            // Talking to the API failed (it restarts, the network blips, the lease was lost): hand the task back
            // when possible instead of spending one of its attempts; its lease expires otherwise.
            log.warn("task {} interrupted by an API error, handing it back: {}", task.taskId(), e.toString());
            Thread.interrupted();
            try {
                api.release(task.taskId());
            } catch (RuntimeException releaseFailed) {
                log.warn("task {}: release failed too; its lease will expire: {}", task.taskId(),
                        releaseFailed.toString());
            }
        }
    }

    private void flush(ApiGateway.Task task, List<ApiGateway.Measured> batch) {
        if (!batch.isEmpty()) {
            api.upload(task.taskId(), List.copyOf(batch));
            batch.clear();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
