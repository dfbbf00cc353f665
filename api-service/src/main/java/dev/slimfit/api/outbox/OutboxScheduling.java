package dev.slimfit.api.outbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.slimfit.api.config.ApiProperties;

/** Runs the relay every {@code slimfit.api.outbox-poll-interval} (after the previous pass ends). */
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
        registrar.addFixedDelayTask(relay::publishPending, properties.outboxPollInterval());
    }
}
