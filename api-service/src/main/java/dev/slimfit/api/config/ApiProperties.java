package dev.slimfit.api.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API service ({@code slimfit.api.*}).
 *
 * @param adminKey          the key that manages teams and their API keys; empty disables admin endpoints
 * @param maxRequestBody    requests with a larger body are refused with 413 before they are parsed
 * @param outboxPollInterval how often the relay looks for unpublished outbox rows
 * @param outboxBatchSize   outbox rows published per relay pass
 * @param publishConfirmTimeout how long the relay waits for the broker to confirm one message
 */
@Validated
@ConfigurationProperties("slimfit.api")
public record ApiProperties(
        @DefaultValue("") String adminKey,
        @NotNull @DefaultValue("64KB") DataSize maxRequestBody,
        @NotNull @DefaultValue("500ms") Duration outboxPollInterval,
        @DefaultValue("100") int outboxBatchSize,
        @NotNull @DefaultValue("5s") Duration publishConfirmTimeout) {

    /** Never print the admin key. */
    @Override
    public String toString() {
        return "ApiProperties[adminKey=" + (adminKey.isEmpty() ? "<unset>" : "<redacted>") + ", maxRequestBody="
                + maxRequestBody + ", outboxPollInterval=" + outboxPollInterval + ", outboxBatchSize="
                + outboxBatchSize + ", publishConfirmTimeout=" + publishConfirmTimeout + "]";
    }
}
