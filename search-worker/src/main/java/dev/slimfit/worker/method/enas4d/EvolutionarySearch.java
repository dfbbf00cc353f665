package dev.slimfit.worker.method.enas4d;

import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StageSpec;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Evolutionary search over the configurations of a staged space: a random first population, then each generation
 * keeps the best {@code parents} and fills the rest with children, half by mutation of one parent and half by
 * crossover of two (each stage from either parent) followed by mutation. A child that cannot meet the budget under
 * any thresholds ({@code feasible} says no: even leaving every image at exit 0 costs too much) is redrawn, and after
 * {@code resampleTries} failures replaced by a fresh random feasible configuration; configurations already scored
 * are not scored again. All randomness comes from one seeded {@link Random}, so a seed and the same scores give
 * the same search.
 */
final class EvolutionarySearch {

    /** How one configuration scored; {@code score} is maximised (ties go to the one scored first). */
    record Scored<T>(StagedConfiguration configuration, double score, T detail) {
    }

    /** Scores a configuration; empty when it cannot meet the budget. */
    interface Evaluator<T> {
        Optional<Scored<T>> evaluate(StagedConfiguration configuration);
    }

    /** Told after every generation (0 = the first population) with the best so far. */
    interface Listener<T> {
        void generationDone(int generation, Scored<T> best, int evaluated);
    }

    /** The best configuration found, the best score after each generation and how many were scored. */
    record Result<T>(Scored<T> best, List<Double> bestByGeneration, int evaluated) {
    }

    private final StagedSpace space;
    private final Enas4dSettings settings;
    private final Predicate<StagedConfiguration> feasible;
    private final Random random;

    EvolutionarySearch(StagedSpace space, Enas4dSettings settings, Predicate<StagedConfiguration> feasible, long seed) {
        this.space = space;
        this.settings = settings;
        this.feasible = feasible;
        this.random = new Random(seed);
    }

    /**
     * @throws IllegalStateException if no configuration of the space is feasible
     */
    <T> Result<T> run(Evaluator<T> evaluator, Listener<T> listener) {
        if (!feasible.test(space.smallest())) {
            throw new IllegalStateException("no configuration of " + space.name() + " meets the budget");
        }
        Map<StagedConfiguration, Optional<Scored<T>>> seen = new LinkedHashMap<>();
        List<Scored<T>> population = new ArrayList<>();
        int guard = 0;
        while (population.size() < settings.population() && guard++ < settings.population() * 50) {
            StagedConfiguration candidate = randomFeasible();
            score(candidate, evaluator, seen).ifPresent(population::add);
        }
        if (population.isEmpty()) {
            score(space.smallest(), evaluator, seen).ifPresent(population::add);
        }
        if (population.isEmpty()) {
            throw new IllegalStateException("no configuration of " + space.name() + " could be scored under the"
                    + " budget");
        }
        List<Double> bests = new ArrayList<>();
        Scored<T> best = best(population);
        bests.add(best.score());
        listener.generationDone(0, best, seen.size());
        for (int generation = 1; generation <= settings.generations(); generation++) {
            population.sort(Comparator.comparingDouble((Scored<T> s) -> -s.score()));
            List<Scored<T>> parents = new ArrayList<>(population.subList(0,
                    Math.min(settings.parents(), population.size())));
            List<Scored<T>> next = new ArrayList<>(parents);
            int tries = 0;
            while (next.size() < settings.population() && tries++ < settings.population() * 50) {
                boolean crossover = parents.size() > 1 && (next.size() - parents.size()) % 2 == 1;
                StagedConfiguration child = child(parents, crossover, seen);
                score(child, evaluator, seen).ifPresent(next::add);
            }
            population = next;
            Scored<T> generationBest = best(population);
            if (generationBest.score() > best.score()) {
                best = generationBest;
            }
            bests.add(best.score());
            listener.generationDone(generation, best, seen.size());
        }
        return new Result<>(best, List.copyOf(bests), seen.size());
    }

    private <T> Optional<Scored<T>> score(StagedConfiguration configuration, Evaluator<T> evaluator,
                                          Map<StagedConfiguration, Optional<Scored<T>>> seen) {
        if (seen.containsKey(configuration)) {
            return Optional.empty();
        }
        Optional<Scored<T>> scored = evaluator.evaluate(configuration);
        seen.put(configuration, scored);
        return scored;
    }

    private <T> Scored<T> best(List<Scored<T>> population) {
        Scored<T> best = population.get(0);
        for (Scored<T> s : population) {
            if (s.score() > best.score()) {
                best = s;
            }
        }
        return best;
    }

    /** A feasible child not scored yet, or a fresh random feasible configuration after too many tries. */
    private <T> StagedConfiguration child(List<Scored<T>> parents, boolean crossover,
                                          Map<StagedConfiguration, Optional<Scored<T>>> seen) {
        for (int t = 0; t < settings.resampleTries(); t++) {
            StagedConfiguration first = parents.get(random.nextInt(parents.size())).configuration();
            StagedConfiguration child;
            if (crossover) {
                StagedConfiguration second = parents.get(random.nextInt(parents.size())).configuration();
                child = mutate(crossover(first, second));
            } else {
                child = mutate(first);
            }
            if (feasible.test(child) && !seen.containsKey(child)) {
                return child;
            }
        }
        return randomFeasible();
    }

    StagedConfiguration randomFeasible() {
        for (int t = 0; t < 1000; t++) {
            StagedConfiguration candidate = space.random(random);
            if (feasible.test(candidate)) {
                return candidate;
            }
        }
        return space.smallest();
    }

    StagedConfiguration crossover(StagedConfiguration a, StagedConfiguration b) {
        List<StageChoice> stages = new ArrayList<>();
        for (int i = 0; i < a.stageCount(); i++) {
            stages.add(random.nextBoolean() ? a.stage(i) : b.stage(i));
        }
        return new StagedConfiguration(random.nextBoolean() ? a.resolution() : b.resolution(), stages);
    }

    StagedConfiguration mutate(StagedConfiguration parent) {
        double p = settings.mutationProbability();
        int resolution = random.nextDouble() < p ? pick(space.resolutionChoices()) : parent.resolution();
        List<StageChoice> stages = new ArrayList<>();
        for (int i = 0; i < parent.stageCount(); i++) {
            StageSpec spec = space.stage(i);
            StageChoice choice = parent.stage(i);
            int depth = random.nextDouble() < p ? pick(spec.depthChoices()) : choice.depth();
            int kernel = random.nextDouble() < p ? pick(spec.kernelChoices()) : choice.kernel();
            int width = random.nextDouble() < p ? pick(spec.widthChoices()) : choice.width();
            stages.add(new StageChoice(depth, kernel, width));
        }
        return new StagedConfiguration(resolution, stages);
    }

    private int pick(List<Integer> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
