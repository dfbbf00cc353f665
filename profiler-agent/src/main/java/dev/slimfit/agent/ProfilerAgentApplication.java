package dev.slimfit.agent;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.slimfit.models.engine.OfflinePyTorch;

/** The profiler agent: a process without a web server that times networks for the API on this device. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProfilerAgentApplication {

    public static void main(String[] args) {
        OfflinePyTorch.applyOfflineSettings(); // before any DJL class loads: no downloads, no telemetry
        // Its own config name, so it never reads (or shadows) another role's application.yml on a shared classpath.
        new SpringApplicationBuilder(ProfilerAgentApplication.class).web(WebApplicationType.NONE)
                .properties("spring.config.name=profiler-agent").run(args);
    }
}
