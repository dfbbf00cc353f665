package dev.slimfit.worker;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.slimfit.models.engine.OfflinePyTorch;

/** A search worker: takes jobs from the queue, trains and decodes, reports to the API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SearchWorkerApplication {

    public static void main(String[] args) {
        OfflinePyTorch.applyOfflineSettings(); // before any DJL class loads: no downloads, no telemetry
        // Its own config name, so it never reads (or shadows) another role's application.yml on a shared classpath.
        new SpringApplicationBuilder(SearchWorkerApplication.class).web(WebApplicationType.NONE)
                .properties("spring.config.name=search-worker").run(args);
    }
}
