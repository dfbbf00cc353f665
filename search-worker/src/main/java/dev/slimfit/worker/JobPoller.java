package dev.slimfit.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.slimfit.core.contract.JobMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes one job message at a time, and only when idle. The message is acknowledged as soon as it is taken:
 * the job's lease in the API, not an unacknowledged message, is what keeps an hours-long run safe (RabbitMQ
 * closes consumers that hold a message too long). A message for a job that is no longer QUEUED is dropped.
 */
@Component
class JobPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobPoller.class);

    private final RabbitTemplate rabbit;
    private final JobRunner runner;
    private final WorkerProperties properties;
    private final JsonMapper json;
    private volatile boolean running;
    private Thread loop;

    JobPoller(RabbitTemplate rabbit, JobRunner runner, WorkerProperties properties, JsonMapper json) {
        this.rabbit = rabbit;
        this.runner = runner;
        this.properties = properties;
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public synchronized void start() {
        running = true;
        // Not a daemon: with no web server, this thread keeps the worker process alive.
        loop = new Thread(this::poll, "worker-poller");
        loop.start();
        log.info("search worker polling {} on the broker", properties.jobsQueue());
    }

    @Override
    public void stop() {
        running = false;
        runner.shutdown();
        Thread current = loop;
        if (current != null) {
            try {
                current.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("search worker stopped cleanly");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        while (running) {
            Message message;
            try {
                message = rabbit.receive(properties.jobsQueue(), properties.pollTimeout().toMillis());
            } catch (RuntimeException e) {
                log.warn("cannot take from {} yet: {}", properties.jobsQueue(), e.toString());
                pause();
                continue;
            }
            if (message == null) {
                continue;
            }
            JobMessage job;
            try {
                job = json.readValue(message.getBody(), JobMessage.class);
            } catch (JacksonException e) {
                log.error("dropped an unreadable job message: {}", e.getOriginalMessage());
                continue;
            }
            try {
                runner.run(job);
            } catch (Throwable e) {
                // Never let one job end the loop: the worker would sit idle while jobs wait.
                log.error("job {} ended with an unexpected error", job.jobId(), e);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
