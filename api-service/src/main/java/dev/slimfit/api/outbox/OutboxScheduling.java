package dev.slimfit.api.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.slimfit.api.config.ApiProperties;

/**
 * Drains the outbox every {@code slimfit.api.outbox-poll-interval} (after the previous drain ends): full batches
 * back to back, then a pause.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "slimfit.api.outbox-relay-enabled", havingValue = "true", matchIfMissing = true)
class OutboxScheduling implements SchedulingConfigurer {

    private final OutboxRelay relay;
    private final ApiProperties properties;

    OutboxScheduling(OutboxRelay relay, ApiProperties properties) {
        this.relay = relay;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(relay::drain, properties.outboxPollInterval());
    }
}
