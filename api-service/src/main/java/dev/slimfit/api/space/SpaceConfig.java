package dev.slimfit.api.space;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.slimfit.core.space.SearchSpaceRegistry;

@Configuration(proxyBeanMethods = false)
class SpaceConfig {

    @Bean
    SearchSpaceRegistry searchSpaceRegistry() {
        return SearchSpaceRegistry.builtIn();
    }
}
