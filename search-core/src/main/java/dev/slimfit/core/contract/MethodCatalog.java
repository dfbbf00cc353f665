package dev.slimfit.core.contract;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.slimfit.core.space.SpaceKind;

/**
 * What each {@link SearchMethod} is and takes: whether workers implement it yet, the space kinds and budget kinds
 * it searches under, and whether its results re-decode from the stored unaries for another budget. The API
 * validates jobs against this and lists it at {@code GET /api/v1/methods}.
 */
public final class MethodCatalog {

    /**
     * One method's entry.
     *
     * @param implemented  whether workers run it; the API refuses jobs for the others
     * @param spaceKinds   the search-space kinds it accepts
     * @param budgetKinds  the budget kinds it accepts
     * @param redecodable  whether {@code POST /jobs/{id}/decode} can re-decode its results from their unaries
     * @param description  one line on what it does
     */
    public record Entry(SearchMethod method, boolean implemented, Set<SpaceKind> spaceKinds,
                        Set<Budget.Kind> budgetKinds, boolean redecodable, String description) {

        public Entry {
            spaceKinds = Collections.unmodifiableSet(EnumSet.copyOf(spaceKinds));
            budgetKinds = Collections.unmodifiableSet(EnumSet.copyOf(budgetKinds));
        }

        public boolean accepts(SpaceKind kind) {
            return spaceKinds.contains(kind);
        }

        public boolean accepts(Budget.Kind kind) {
            return budgetKinds.contains(kind);
        }
    }

    private static final Set<Budget.Kind> CHAIN_BUDGETS = EnumSet.of(Budget.Kind.LATENCY, Budget.Kind.MACS,
            Budget.Kind.PARAMS);
    private static final Map<SearchMethod, Entry> ENTRIES = new EnumMap<>(SearchMethod.class);

    static {
        add(new Entry(SearchMethod.AOWS, true, EnumSet.of(SpaceKind.CHAIN), CHAIN_BUDGETS, true,
                "adaptive one-shot width search: OWS with sampling from annealed marginals"));
        add(new Entry(SearchMethod.OWS, true, EnumSet.of(SpaceKind.CHAIN), CHAIN_BUDGETS, true,
                "one-shot width search: slimmable supernet, uniform width sampling, optimal chain decode"));
        add(new Entry(SearchMethod.DNAL, true, EnumSet.of(SpaceKind.CHAIN), CHAIN_BUDGETS, false,
                "differentiable channel gates with a scaled sigmoid, steered onto the budget"));
        add(new Entry(SearchMethod.ENAS4D, true, EnumSet.of(SpaceKind.MULTI_STAGE),
                EnumSet.of(Budget.Kind.AVERAGE_MACS), false,
                "multi-stage early-exit networks under an average-MAC budget"));
        add(new Entry(SearchMethod.UNIFORM, true, EnumSet.of(SpaceKind.CHAIN), CHAIN_BUDGETS, false,
                "baseline: the largest single width multiplier that meets the budget"));
        if (ENTRIES.size() != SearchMethod.values().length) {
            throw new IllegalStateException("every search method needs a catalogue entry");
        }
    }

    private MethodCatalog() {
    }

    private static void add(Entry entry) {
        ENTRIES.put(entry.method(), entry);
    }

    public static Entry of(SearchMethod method) {
        return ENTRIES.get(method);
    }

    /** Every method, in {@link SearchMethod} order. */
    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }

    /** The methods workers run today, in {@link SearchMethod} order. */
    public static Set<SearchMethod> implemented() {
        return Collections.unmodifiableSet(Arrays.stream(SearchMethod.values()).filter(m -> of(m).implemented())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SearchMethod.class))));
    }
}
