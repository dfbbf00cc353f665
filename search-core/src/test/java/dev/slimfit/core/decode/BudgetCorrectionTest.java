package dev.slimfit.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.LatencyCorrection;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.CostTables;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.SimulatedDevice;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

/** The measured-budget loop against planted devices that run differently from their tables. */
class BudgetCorrectionTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    /** A planted table whose offset is small, so the space's latency range is wide (0.17-0.29 ms). */
    private final LatencyTable table = smallOffset(new SimulatedDevice(SPACE, 21, 0.3, 0).planted());

    private static LatencyTable smallOffset(LatencyTable planted) {
        return LatencyTable.of(planted.cells(), planted.latenciesMs(), planted.observationCounts(), 0.02);
    }

    /** Wider is better, with some noise, so the exact decode spends its budget. */
    private static double[][] unaries(Random random) {
        double[][] u = new double[SPACE.layerCount()][];
        for (int i = 0; i < u.length; i++) {
            int n = SPACE.layer(i).widthChoices().size();
            u[i] = new double[n];
            for (int k = 0; k < n; k++) {
                u[i][k] = Math.log1p(k + 1) + 0.2 * random.nextDouble();
            }
        }
        return u;
    }

    private BudgetCost budget(double share) {
        double low = table.toCostTable().minimumCost();
        double high = table.predictMs(SPACE.largest());
        return BudgetCost.of(Budget.ofLatency(low + share * (high - low), "device"), SPACE, table);
    }

    private static BudgetCorrection.Device device(ToDoubleFunction<int[]> ms, List<int[]> seen) {
        return (widths, round) -> {
            seen.add(widths);
            return BudgetCorrection.Answer.measured(ms.applyAsDouble(widths));
        };
    }

    private static BudgetCorrection.Decode decodeOf(double[][] unaries, AtomicInteger calls) {
        return (budget, decoder) -> {
            calls.incrementAndGet();
            return decoder.widths(decoder.decode(unaries));
        };
    }

    @Test
    void aDeviceThirtyPercentSlowerThanItsTableIsMetInTheSecondRound() {
        double[][] unaries = unaries(new Random(1));
        BudgetCost budget = budget(0.6);
        WidthDecoder decoder = new WidthDecoder(SPACE, budget);
        int[] first = decoder.widths(decoder.decode(unaries));
        List<int[]> seen = new ArrayList<>();
        AtomicInteger decodes = new AtomicInteger();
        BudgetCorrection.Result result = BudgetCorrection.run(budget, first, 3,
                device(w -> 1.3 * table.predictMs(w), seen), decodeOf(unaries, decodes));

        LatencyCorrection report = result.report();
        assertThat(report.outcome()).isEqualTo(LatencyCorrection.Outcome.MET);
        assertThat(report.metInRound()).isEqualTo(2);
        assertThat(report.rounds()).hasSize(2);
        assertThat(decodes.get()).isEqualTo(1);
        LatencyCorrection.Round one = report.rounds().get(0);
        assertThat(one.widths()).containsExactlyElementsOf(Arrays.stream(first).boxed().toList());
        assertThat(one.scale()).isEqualTo(1.0);
        assertThat(one.measuredMs()).isGreaterThan(budget.limit());
        assertThat(one.marginMs()).isNegative();
        LatencyCorrection.Round two = report.rounds().get(1);
        assertThat(two.scale()).isCloseTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(two.measuredMs()).isLessThanOrEqualTo(budget.limit());
        assertThat(two.marginMs()).isGreaterThanOrEqualTo(0);
        assertThat(two.modelPredictedMs()).isCloseTo(1.3 * two.tablePredictedMs(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.widths()).containsExactly(two.widths().stream().mapToInt(Integer::intValue).toArray());
        // The corrected decode is the exact optimum under the table scaled by 1.3, so it spends that budget well.
        assertThat(two.measuredMs()).isGreaterThan(0.9 * budget.limit());
        assertThat(seen).hasSize(2);
    }

    @Test
    void aDeviceThatMatchesItsTableIsMeasuredOnceAndNothingIsRedecoded() {
        double[][] unaries = unaries(new Random(2));
        BudgetCost budget = budget(0.4);
        WidthDecoder decoder = new WidthDecoder(SPACE, budget);
        int[] first = decoder.widths(decoder.decode(unaries));
        AtomicInteger decodes = new AtomicInteger();
        BudgetCorrection.Result result = BudgetCorrection.run(budget, first, 3,
                device(table::predictMs, new ArrayList<>()), decodeOf(unaries, decodes));
        assertThat(result.report().outcome()).isEqualTo(LatencyCorrection.Outcome.MET);
        assertThat(result.report().metInRound()).isEqualTo(1);
        assertThat(result.report().note()).contains("first decode");
        assertThat(result.widths()).containsExactly(first);
        assertThat(decodes.get()).isZero();
    }

    @Test
    void noMeasurementKeepsTheDecodeAndSaysWhy() {
        double[][] unaries = unaries(new Random(3));
        BudgetCost budget = budget(0.5);
        WidthDecoder decoder = new WidthDecoder(SPACE, budget);
        int[] first = decoder.widths(decoder.decode(unaries));
        BudgetCorrection.Result result = BudgetCorrection.run(budget, first, 3,
                (w, round) -> BudgetCorrection.Answer.unavailable("the device is offline"),
                decodeOf(unaries, new AtomicInteger()));
        assertThat(result.report().outcome()).isEqualTo(LatencyCorrection.Outcome.UNAVAILABLE);
        assertThat(result.report().metInRound()).isNull();
        assertThat(result.report().note()).contains("offline");
        assertThat(result.report().rounds()).singleElement().satisfies(r -> assertThat(r.measuredMs()).isNull());
        assertThat(result.report().lastMeasured()).isNull();
        assertThat(result.widths()).containsExactly(first);
    }

    @Test
    void aDeviceTooSlowForAnyNetworkEndsNotMetNamingTheNarrowest() {
        double[][] unaries = unaries(new Random(4));
        BudgetCost budget = budget(0.05);
        WidthDecoder decoder = new WidthDecoder(SPACE, budget);
        int[] first = decoder.widths(decoder.decode(unaries));
        BudgetCorrection.Result result = BudgetCorrection.run(budget, first, 3,
                device(w -> 10 * table.predictMs(w), new ArrayList<>()), decodeOf(unaries, new AtomicInteger()));
        assertThat(result.report().outcome()).isEqualTo(LatencyCorrection.Outcome.NOT_MET);
        assertThat(result.report().note()).contains("narrowest");
        // The recalibrated table says nothing fits, so the narrowest network is measured once, as a probe.
        assertThat(result.report().rounds()).hasSize(2);
        assertThat(result.report().rounds().get(1).widths()).containsExactlyElementsOf(
                Arrays.stream(SPACE.smallest()).boxed().toList());
        assertThat(result.report().rounds().get(1).marginMs()).isNegative();
    }

    @Test
    void roundsAreBounded() {
        double[][] unaries = unaries(new Random(5));
        BudgetCost budget = budget(0.5);
        WidthDecoder decoder = new WidthDecoder(SPACE, budget);
        int[] first = decoder.widths(decoder.decode(unaries));
        // Whatever is decoded measures over the budget (a device that slows down as it is probed).
        AtomicInteger round = new AtomicInteger();
        BudgetCorrection.Result result = BudgetCorrection.run(budget, first, 2,
                (w, r) -> BudgetCorrection.Answer.measured(budget.limit() * (1.05 + 0.05 * round.incrementAndGet())),
                decodeOf(unaries, new AtomicInteger()));
        assertThat(result.report().outcome()).isEqualTo(LatencyCorrection.Outcome.NOT_MET);
        assertThat(result.report().rounds()).hasSize(2);
        assertThat(result.report().note()).contains("after 2 measured networks");
        assertThatThrownBy(() -> BudgetCorrection.run(budget, first, 0, (w, r) -> null, (b, d) -> first))
                .isInstanceOf(IllegalArgumentException.class);
        BudgetCost macs = BudgetCost.of(Budget.ofMacs(1_000_000), SPACE, null);
        assertThatThrownBy(() -> BudgetCorrection.run(macs, first, 3, (w, r) -> null, (b, d) -> first))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
        assertThat(CostTables.macs(SPACE).layerCount()).isEqualTo(SPACE.layerCount());
    }

    /**
     * Devices that differ from their tables in a non-additive way (wide layers slower, by a random factor per
     * layer and a global slowdown): over a thousand random jobs, the loop never measures a network that measured
     * over the budget again, every MET result measured within it, and nearly every job that some network can meet
     * (its narrowest network measures within the budget) ends MET.
     */
    @Test
    void onRandomNonAdditiveDevicesTheLoopNeverRepeatsAnOverBudgetNetworkAndMostlyMeets() {
        Random random = new Random(42);
        int met = 0;
        int feasible = 0;
        int jobs = 1000;
        for (int job = 0; job < jobs; job++) {
            double[][] unaries = unaries(random);
            BudgetCost budget = budget(0.2 + 0.7 * random.nextDouble());
            double slowdown = 0.9 + 0.4 * random.nextDouble();
            double[] wideCost = new double[SPACE.layerCount()];
            for (int i = 0; i < wideCost.length; i++) {
                wideCost[i] = 0.1 * random.nextDouble();
            }
            ToDoubleFunction<int[]> device = w -> {
                double f = slowdown;
                for (int i = 0; i < w.length; i++) {
                    f += wideCost[i] * w[i] / SPACE.layer(i).maxWidth();
                }
                return f * table.predictMs(w);
            };
            WidthDecoder decoder = new WidthDecoder(SPACE, budget);
            int[] first = decoder.widths(decoder.decode(unaries));
            List<int[]> seen = new ArrayList<>();
            BudgetCorrection.Result result = BudgetCorrection.run(budget, first, 4, device(device, seen),
                    decodeOf(unaries, new AtomicInteger()));
            Set<List<Integer>> over = new HashSet<>();
            for (int[] w : seen) {
                List<Integer> key = Arrays.stream(w).boxed().toList();
                assertThat(over).as("job %d measured an over-budget network twice", job).doesNotContain(key);
                if (device.applyAsDouble(w) > budget.limit()) {
                    over.add(key);
                }
            }
            LatencyCorrection report = result.report();
            assertThat(report.rounds()).hasSizeLessThanOrEqualTo(4);
            if (device.applyAsDouble(SPACE.smallest()) <= budget.limit()) {
                feasible++;
            }
            if (report.outcome() == LatencyCorrection.Outcome.MET) {
                met++;
                assertThat(device.applyAsDouble(result.widths())).isLessThanOrEqualTo(budget.limit());
                assertThat(report.rounds().get(report.metInRound() - 1).widths())
                        .containsExactlyElementsOf(Arrays.stream(result.widths()).boxed().toList());
            }
        }
        assertThat(feasible).as("the random budgets are mostly within reach").isGreaterThan(jobs / 2);
        assertThat(met).as("feasible jobs met within 4 measured networks").isGreaterThanOrEqualTo(feasible * 95 / 100);
    }
}
