package dev.slimfit.worker.method.enas4d;

import dev.slimfit.core.cost.StagedCost;
import dev.slimfit.core.space.staged.StageChoice;
import dev.slimfit.core.space.staged.StagedConfiguration;
import dev.slimfit.core.space.staged.StagedSpace;
import dev.slimfit.core.space.staged.StagedSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The evolutionary search is reproducible under a seed and never scores a configuration that cannot fit. */
class Enas4dEvolutionTest {

    private static final StagedSpace SPACE = StagedSpaces.find("fmnist-stages").orElseThrow();
    private static final Enas4dSettings SETTINGS = Enas4dSettings.defaults().withSearch(8, 5, 3);

    /** A budget halfway between the cheapest first exit and the most expensive one. */
    private static final long BUDGET = (StagedCost.cumulativeMacs(SPACE, SPACE.smallest(), 0)
            + StagedCost.cumulativeMacs(SPACE, SPACE.largest(), 0)) / 2;

    @Test
    void theSameSeedSearchesTheSameWayAndEveryScoredConfigurationFits() {
        Trace first = search(42);
        Trace second = search(42);
        Trace other = search(43);

        assertThat(first.evaluated).isEqualTo(second.evaluated);
        assertThat(first.result.best().configuration()).isEqualTo(second.result.best().configuration());
        assertThat(first.result.bestByGeneration()).isEqualTo(second.result.bestByGeneration());
        assertThat(other.evaluated).isNotEqualTo(first.evaluated);

        for (Trace trace : List.of(first, second, other)) {
            assertThat(trace.evaluated).allSatisfy(c ->
                    assertThat(StagedCost.cumulativeMacs(SPACE, c, 0)).isLessThanOrEqualTo(BUDGET));
            assertThat(trace.evaluated).doesNotHaveDuplicates();
            assertThat(trace.result.evaluated()).isEqualTo(trace.evaluated.size());
            assertThat(trace.result.bestByGeneration()).hasSize(SETTINGS.generations() + 1).isSorted();
            double bestScore = trace.evaluated.stream().mapToDouble(Enas4dEvolutionTest::score).max().orElseThrow();
            assertThat(trace.result.best().score()).isEqualTo(bestScore);
            assertThat(trace.generations).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void evolutionImprovesOnItsFirstPopulation() {
        int improved = 0;
        for (long seed = 1; seed <= 5; seed++) {
            List<Double> bests = search(seed).result.bestByGeneration();
            assertThat(bests.get(bests.size() - 1)).isGreaterThanOrEqualTo(bests.get(0));
            improved += bests.get(bests.size() - 1) > bests.get(0) ? 1 : 0;
        }
        assertThat(improved).as("seeds whose later generations beat the first population").isPositive();
    }

    @Test
    void mutationAndCrossoverStayInTheSpace() {
        EvolutionarySearch search = new EvolutionarySearch(SPACE, SETTINGS, c -> true, 1);
        StagedConfiguration a = SPACE.smallest();
        StagedConfiguration b = SPACE.largest();
        for (int i = 0; i < 200; i++) {
            StagedConfiguration child = search.mutate(search.crossover(a, b));
            SPACE.validate(child);
            for (int s = 0; s < child.stageCount(); s++) {
                StageChoice stage = child.stage(s);
                assertThat(SPACE.stage(s).widthChoices()).contains(stage.width());
            }
        }
    }

    /** A deterministic, budget-blind stand-in for validation accuracy: larger is better, with a kink. */
    private static double score(StagedConfiguration c) {
        double score = 0;
        for (int s = 0; s < c.stageCount(); s++) {
            score += c.stage(s).width() * c.stage(s).depth() + (c.stage(s).kernel() == 5 ? 3 : 0);
        }
        return score + (c.stage(0).width() == 12 ? 20 : 0);
    }

    private record Trace(EvolutionarySearch.Result<String> result, List<StagedConfiguration> evaluated,
                         List<Integer> generations) {
    }

    private static Trace search(long seed) {
        List<StagedConfiguration> evaluated = new ArrayList<>();
        List<Integer> generations = new ArrayList<>();
        EvolutionarySearch search = new EvolutionarySearch(SPACE, SETTINGS,
                c -> StagedCost.cumulativeMacs(SPACE, c, 0) <= BUDGET, seed);
        EvolutionarySearch.Result<String> result = search.run(c -> {
            evaluated.add(c);
            return Optional.of(new EvolutionarySearch.Scored<>(c, score(c), "detail"));
        }, (generation, best, count) -> generations.add(generation));
        return new Trace(result, evaluated, generations);
    }
}
