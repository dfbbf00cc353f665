package dev.slimfit.worker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.slimfit.worker.search.DjlSearchEngine;
import dev.slimfit.worker.search.SearchEngine;

/** The search engine this worker runs jobs with: DJL on this machine's CPU (or GPU with the CUDA natives). */
@Configuration(proxyBeanMethods = false)
class EngineConfig {

    @Bean
    SearchEngine searchEngine() {
        return new DjlSearchEngine();
    }
}
