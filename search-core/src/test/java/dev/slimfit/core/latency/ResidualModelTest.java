package dev.slimfit.core.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

/** The residual model on planted devices whose latency is not pairwise additive. */
class ResidualModelTest {

    private static final SearchSpace SMALL = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    private static List<Measurement> measure(ToDoubleFunction<int[]> device, int n, Random random) {
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] widths = SimulatedDevice.randomWidths(SMALL, random);
            out.add(new Measurement(widths, device.applyAsDouble(widths) * (1 + 0.01 * random.nextGaussian())));
        }
        return out;
    }

    /**
     * A device with an effect no pair of adjacent layers explains: when the first and the fourth layer are both
     * wide (their activations no longer fit the cache together), the whole network runs 40% slower. The pairwise
     * fit misses it; the residual recovers it.
     */
    @Test
    void aNonAdditiveEffectIsRecoveredOnHeldOutNetworks() {
        LatencyTable planted = new SimulatedDevice(SMALL, 31, 0.3, 0).planted();
        double wide0 = SMALL.layer(0).maxWidth() * 0.5;
        double wide3 = SMALL.layer(3).maxWidth() * 0.5;
        ToDoubleFunction<int[]> device = w -> planted.predictMs(w) * (w[0] > wide0 && w[3] > wide3 ? 1.4 : 1.0);
        Random random = new Random(8);
        List<Measurement> training = measure(device, 600, random);
        List<Measurement> validation = measure(device, 300, random);

        FitResult fit = LatencyFitter.fit(SMALL, training, FitOptions.defaults());
        ResidualModel residual = ResidualModel.train(fit.table(), training, 7).orElseThrow();
        FitQuality plain = FitQuality.evaluate(fit.table(), validation);
        FitQuality corrected = FitQuality.evaluate(residual::predictMs, validation);

        assertThat(plain.within10PercentShare()).as("the pairwise table misses the effect: %s", plain)
                .isLessThan(0.8);
        assertThat(corrected.nrmsePercent()).as("corrected %s vs plain %s", corrected, plain)
                .isLessThan(plain.nrmsePercent() / 2);
        assertThat(corrected.within10PercentShare()).as("corrected %s", corrected).isGreaterThanOrEqualTo(0.97);
        assertThat(corrected.within5PercentShare()).as("corrected %s", corrected).isGreaterThanOrEqualTo(0.9);
        assertThat(residual.improves(validation)).isTrue();
        assertThat(residual.rounds()).isPositive();
        // Never negative, whatever it is asked.
        assertThat(residual.predictMs(SMALL.smallest())).isPositive();
    }

    /**
     * Decodes checked against the residual near the budget: on the same non-additive device, exact decodes under the
     * table alone often pick networks the device runs over the budget; re-ranked on the residual, far fewer, and
     * every re-ranked choice still fits the table.
     */
    @Test
    void decodesCheckedAgainstTheResidualRunOverTheBudgetFarLessOften() {
        LatencyTable planted = new SimulatedDevice(SMALL, 31, 0.3, 0).planted();
        double wide0 = SMALL.layer(0).maxWidth() * 0.5;
        double wide3 = SMALL.layer(3).maxWidth() * 0.5;
        ToDoubleFunction<int[]> device = w -> planted.predictMs(w) * (w[0] > wide0 && w[3] > wide3 ? 1.4 : 1.0);
        Random random = new Random(12);
        List<Measurement> training = measure(device, 600, random);
        FitResult fit = LatencyFitter.fit(SMALL, training, FitOptions.defaults());
        ResidualModel residual = ResidualModel.train(fit.table(), training, 7).orElseThrow();
        double low = fit.table().predictMs(SMALL.smallest());
        double high = fit.table().predictMs(SMALL.largest());
        int overPlain = 0;
        int overChecked = 0;
        int cases = 60;
        for (int c = 0; c < cases; c++) {
            double[][] unaries = new double[SMALL.layerCount()][];
            for (int i = 0; i < unaries.length; i++) {
                unaries[i] = new double[SMALL.layer(i).widthChoices().size()];
                for (int k = 0; k < unaries[i].length; k++) {
                    unaries[i][k] = Math.log1p(k + 1) + 0.3 * random.nextDouble();
                }
            }
            double limit = low + (0.3 + 0.6 * random.nextDouble()) * (high - low);
            dev.slimfit.core.cost.BudgetCost plainBudget = dev.slimfit.core.cost.BudgetCost.of(
                    dev.slimfit.core.contract.Budget.ofLatency(limit, "planted"), SMALL, fit.table());
            dev.slimfit.core.decode.WidthDecoder plain = new dev.slimfit.core.decode.WidthDecoder(SMALL, plainBudget);
            dev.slimfit.core.decode.WidthDecoder checked = new dev.slimfit.core.decode.WidthDecoder(SMALL,
                    plainBudget.withResidual(residual));
            int[] a = plain.widths(plain.decode(unaries));
            int[] b = checked.widths(checked.decode(unaries));
            assertThat(fit.table().predictMs(b)).isLessThanOrEqualTo(limit);
            overPlain += device.applyAsDouble(a) > limit ? 1 : 0;
            overChecked += device.applyAsDouble(b) > limit ? 1 : 0;
        }
        assertThat(overPlain).as("table-only decodes over the budget on the device").isGreaterThanOrEqualTo(cases / 10);
        assertThat(overChecked).as("checked decodes over (table-only: %d of %d)", overPlain, cases)
                .isLessThanOrEqualTo(overPlain / 3);
    }

    @Test
    void onAnAdditiveDeviceItChangesLittleAndSavesAndLoadsExactly() {
        LatencyTable planted = new SimulatedDevice(SMALL, 32, 0.3, 0).planted();
        Random random = new Random(9);
        List<Measurement> training = measure(planted::predictMs, 400, random);
        List<Measurement> validation = measure(planted::predictMs, 200, random);
        FitResult fit = LatencyFitter.fit(SMALL, training, FitOptions.defaults());
        ResidualModel residual = ResidualModel.train(fit.table(), training, 7).orElseThrow();
        FitQuality corrected = FitQuality.evaluate(residual::predictMs, validation);
        assertThat(corrected.within10PercentShare()).isGreaterThanOrEqualTo(0.99);
        for (Measurement m : validation) {
            assertThat(residual.factor(m.widths())).isBetween(0.9, 1.1);
        }
        ResidualModel loaded = ResidualModel.fromBytes(fit.table(), residual.toBytes());
        for (Measurement m : validation.subList(0, 20)) {
            assertThat(loaded.predictMs(m.widths())).isEqualTo(residual.predictMs(m.widths()));
        }
        assertThat(loaded.rounds()).isEqualTo(residual.rounds());
    }

    @Test
    void tooFewMeasurementsGiveNoModelAndTrainingIsDeterministic() {
        LatencyTable planted = new SimulatedDevice(SMALL, 33, 0.3, 0).planted();
        Random random = new Random(10);
        List<Measurement> few = measure(planted::predictMs, ResidualModel.MIN_TRAINING - 1, random);
        assertThat(ResidualModel.train(planted, few, 7)).isEmpty();
        List<Measurement> enough = measure(planted::predictMs, 200, random);
        ResidualModel a = ResidualModel.train(planted, enough, 7).orElseThrow();
        ResidualModel b = ResidualModel.train(planted, enough, 7).orElseThrow();
        for (Measurement m : enough.subList(0, 20)) {
            assertThat(a.predictMs(m.widths())).isEqualTo(b.predictMs(m.widths()));
        }
    }
}
