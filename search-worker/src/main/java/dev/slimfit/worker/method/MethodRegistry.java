package dev.slimfit.worker.method;

import dev.slimfit.core.contract.SearchMethod;
import dev.slimfit.worker.method.dnal.DnalMethod;
import dev.slimfit.worker.method.enas4d.Enas4dMethod;
import dev.slimfit.worker.method.ows.OwsMethod;
import dev.slimfit.worker.method.uniform.UniformMethod;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The methods this worker runs, one plug-in each. A new method is registered here and nowhere else. */
public final class MethodRegistry {

    private final Map<SearchMethod, SearchMethodPlugin<?>> plugins = new EnumMap<>(SearchMethod.class);

    private MethodRegistry(List<SearchMethodPlugin<?>> registered) {
        for (SearchMethodPlugin<?> plugin : registered) {
            if (plugins.putIfAbsent(plugin.method(), plugin) != null) {
                throw new IllegalArgumentException("two plug-ins for " + plugin.method());
            }
        }
    }

    /** Every method workers run. */
    public static MethodRegistry builtIn() {
        return of(List.of(OwsMethod.aows(), OwsMethod.ows(), new DnalMethod(), new Enas4dMethod(),
                new UniformMethod()));
    }

    public static MethodRegistry of(List<SearchMethodPlugin<?>> plugins) {
        return new MethodRegistry(plugins);
    }

    public Optional<SearchMethodPlugin<?>> find(SearchMethod method) {
        return Optional.ofNullable(plugins.get(method));
    }

    public Set<SearchMethod> methods() {
        return Set.copyOf(plugins.keySet());
    }
}
