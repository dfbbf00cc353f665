package dev.slimfit.core.space;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Search spaces by name, in a stable order (the order they were registered). */
public final class SearchSpaceRegistry {

    private static final SearchSpaceRegistry BUILT_IN = of(BuiltInSpaces.all());

    private final Map<String, SearchSpace> byName;

    private SearchSpaceRegistry(Map<String, SearchSpace> byName) {
        this.byName = byName;
    }

    /** {@code mobilenet-v1-224}, {@code fmnist-small} and {@code cifar10-small}, in that order. */
    public static SearchSpaceRegistry builtIn() {
        return BUILT_IN;
    }

    /** A registry of the given spaces; names must be unique and every space well formed. */
    public static SearchSpaceRegistry of(List<SearchSpace> spaces) {
        Map<String, SearchSpace> byName = new LinkedHashMap<>();
        for (SearchSpace space : spaces) {
            SpaceChecks.requireWellFormed(space);
            if (byName.putIfAbsent(space.name(), space) != null) {
                throw new IllegalArgumentException("duplicate search space name " + space.name());
            }
        }
        return new SearchSpaceRegistry(byName);
    }

    public Optional<SearchSpace> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<SearchSpace> all() {
        return List.copyOf(byName.values());
    }
}
