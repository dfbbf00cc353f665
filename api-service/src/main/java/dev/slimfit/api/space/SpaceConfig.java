package dev.slimfit.api.space;

import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.slimfit.core.space.SearchSpaceRegistry;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;

@Configuration(proxyBeanMethods = false)
class SpaceConfig {

    /**
     * The multi-stage (early-exit) spaces the API lists next to the chain ones. A bean rather than a static call so
     * that a test context can replace it, and a record of its own so that it never competes with other list beans.
     */
    record StagedSpaceCatalog(List<StagedSpace> spaces) {

        StagedSpaceCatalog {
            spaces = List.copyOf(spaces);
        }

        Optional<StagedSpace> find(String name) {
            return spaces.stream().filter(space -> space.name().equals(name)).findFirst();
        }
    }

    @Bean
    SearchSpaceRegistry searchSpaceRegistry() {
        return SearchSpaceRegistry.builtIn();
    }

    /** Refuses to start if a staged space shares a name with a chain space: names are the API's only key. */
    @Bean
    StagedSpaceCatalog stagedSpaceCatalog(SearchSpaceRegistry chains) {
        List<StagedSpace> staged = StagedSpaces.builtIn();
        for (StagedSpace space : staged) {
            if (chains.find(space.name()).isPresent()) {
                throw new IllegalStateException("staged space " + space.name() + " has the name of a chain space");
            }
        }
        return new StagedSpaceCatalog(staged);
    }
}
