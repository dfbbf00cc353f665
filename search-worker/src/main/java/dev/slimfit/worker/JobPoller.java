package dev.slimfit.worker;

import java.io.IOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.slimfit.core.contract.JobMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes one job message at a time, and only when idle, with manual acknowledgement. A readable message is
 * acknowledged as soon as it is taken, before the job runs: the job's lease in the API, not an unacknowledged
 * message, is what keeps an hours-long run safe (RabbitMQ closes consumers that hold a message too long). An
 * unreadable message is rejected without requeueing, so the broker dead-letters it into the jobs dead-letter queue
 * for someone to look at. A message for a job that is no longer QUEUED is dropped at claim time.
 */
@Component
class JobPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobPoller.class);
    private static final Duration BROKER_RETRY = Duration.ofSeconds(2);

    private final RabbitTemplate rabbit;
    private final JobRunner runner;
    private final WorkerProperties properties;
    private final JsonMapper json;
    private final String queue;
    private volatile boolean running;
    private Thread loop;

    JobPoller(RabbitTemplate rabbit, JobRunner runner, WorkerProperties properties, JsonMapper json) {
        this.rabbit = rabbit;
        this.runner = runner;
        this.properties = properties;
        // Messages from an older API carry more fields (the spec); only the job id matters.
        this.json = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.queue = properties.names().jobsQueue();
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
        log.info("search worker polling {} on the broker", queue);
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
            JobMessage job;
            try {
                job = take();
            } catch (RuntimeException e) {
                log.warn("cannot take from {} yet: {}", queue, e.toString());
                pause(BROKER_RETRY);
                continue;
            }
            if (job == null) {
                pause(properties.pollTimeout());
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

    /**
     * Takes the next readable job message off the queue and acknowledges it; unreadable ones met on the way are
     * rejected to the dead-letter queue. Delivery tags belong to their channel, so the get and its ack or reject
     * happen on one channel, in one callback.
     *
     * @return the message, or null when the queue is empty
     */
    JobMessage take() {
        return rabbit.execute(channel -> {
            while (true) {
                GetResponse response = channel.basicGet(queue, false);
                if (response == null) {
                    return null;
                }
                JobMessage message = read(response.getBody());
                long tag = response.getEnvelope().getDeliveryTag();
                if (message != null) {
                    channel.basicAck(tag, false);
                    return message;
                }
                reject(channel, tag, response);
            }
        });
    }

    private JobMessage read(byte[] body) {
        try {
            JobMessage message = json.readValue(body, JobMessage.class);
            return message == null || message.jobId() == null ? null : message;
        } catch (JacksonException e) {
            return null;
        }
    }

    private void reject(Channel channel, long tag, GetResponse response) throws IOException {
        channel.basicReject(tag, false);
        String id = response.getProps() == null ? null : response.getProps().getMessageId();
        log.error("rejected an unreadable job message (id {}, {} bytes) to {}", id, response.getBody().length,
                properties.names().jobsDeadLetterQueue());
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
