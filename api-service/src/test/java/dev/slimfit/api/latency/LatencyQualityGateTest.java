package dev.slimfit.api.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slimfit.core.latency.FitQuality;
import dev.slimfit.core.latency.FitResult;
import dev.slimfit.core.latency.LatencyTable;
import dev.slimfit.core.latency.Measurement;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;

/** The quality gate's rules, one at a time, with hand-made figures. */
class LatencyQualityGateTest {

    private static final SearchSpace SPACE = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();
    private static final LatencyQualityProperties BAR = new LatencyQualityProperties(true, 20.0, 0.5, 0.1, 2.0, 2,
            0.5, 20);

    private static FitResult fit(double nrmse, double within10, int validation, int outliers) {
        LatencyTable table = LatencyTable.of(SPACE, new double[dev.slimfit.core.latency.LatencyCells.of(SPACE)
                .unknownCount()], new int[dev.slimfit.core.latency.LatencyCells.of(SPACE).unknownCount()], 0.1);
        FitQuality held = new FitQuality(validation, 1.0, nrmse / 100, nrmse, within10 / 2, within10);
        return new FitResult(table, 1.0, List.of(), held, held, 200, 0, outliers, held);
    }

    private static LatencyQualityGate.Repeats repeats(double noise, double narrow, double wide, Double within10) {
        return new LatencyQualityGate.Repeats(24, noise, 20, 5.0, within10 == null ? null : within10 / 2, within10,
                narrow, wide);
    }

    @Test
    void aGoodFitOnADeviceWithRangePasses() {
        LatencyQualityGate.Verdict v = LatencyQualityGate.judge(BAR, fit(8, 0.9, 50, 1), repeats(3, 0.3, 2.9, 0.95), 1);
        assertThat(v.passed()).isTrue();
        assertThat(v.reason()).isNull();
    }

    @Test
    void aRangeInsideTheNoiseIsTheNoiseFloorWhateverTheFit() {
        // 0.72 -> 0.85 ms is an 18% range; 10% noise times the ratio of 2 is 20%.
        LatencyQualityGate.Verdict v = LatencyQualityGate.judge(BAR, fit(1, 1.0, 50, 0), repeats(10, 0.72, 0.85, 0.4),
                1);
        assertThat(v.passed()).isFalse();
        assertThat(v.noiseFloor()).isTrue();
        assertThat(v.reason()).contains("inside the timing noise at batch size 1").contains("0.72").contains("0.85")
                .contains("18.1%");
    }

    @Test
    void eachMissIsNamedWithItsFiguresAndTheRepeatCeiling() {
        LatencyQualityGate.Verdict nrmse = LatencyQualityGate.judge(BAR, fit(25, 0.6, 50, 0),
                repeats(3, 0.3, 2.9, 0.95), 64);
        assertThat(nrmse.passed()).isFalse();
        assertThat(nrmse.noiseFloor()).isFalse();
        assertThat(nrmse.reason()).contains("held-out NRMSE 25.0% is above the bar of 20.0%")
                .doesNotContain("within ±10%, below").contains("agree within ±10% 95%")
                .doesNotContain("too noisy");
        LatencyQualityGate.Verdict within = LatencyQualityGate.judge(BAR, fit(10, 0.4, 50, 0),
                repeats(3, 0.3, 2.9, 0.3), 64);
        assertThat(within.reason()).contains("40% of held-out configurations are predicted within ±10%")
                .contains("too noisy for this bar");
        LatencyQualityGate.Verdict outliers = LatencyQualityGate.judge(BAR, fit(10, 0.9, 40, 10),
                repeats(3, 0.3, 2.9, null), 64);
        assertThat(outliers.reason()).contains("10 of 50 held-out timings (20%) were outliers");
    }

    @Test
    void aDisabledGatePassesEverything() {
        LatencyQualityProperties off = new LatencyQualityProperties(false, 20.0, 0.5, 0.1, 2.0, 2, 0.5, 20);
        assertThat(LatencyQualityGate.judge(off, fit(500, 0, 50, 40), repeats(50, 1, 1.01, 0.1), 1).passed())
                .isTrue();
    }

    @Test
    void repeatsPairEachValidationNetworkWithItsSecondTimingAndEstimateTheNoiseRobustly() {
        List<Measurement> validation = new ArrayList<>();
        List<Measurement> repeat = new ArrayList<>();
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < 30; i++) {
            int[] widths = SPACE.layers().stream().mapToInt(l -> l.widthChoices().get(random.nextInt(
                    l.widthChoices().size()))).toArray();
            validation.add(new Measurement(widths, 1.0));
            repeat.add(new Measurement(widths, i == 0 ? 50.0 : 1.02)); // one wild second timing
        }
        repeat.add(new Measurement(SPACE.smallest(), 0.4));
        repeat.add(new Measurement(SPACE.smallest(), 0.4));
        repeat.add(new Measurement(SPACE.largest(), 2.0));
        List<Measurement> all = new ArrayList<>(validation);
        all.addAll(repeat);
        LatencyQualityGate.Repeats r = LatencyQualityGate.repeats(SPACE, validation, repeat, all);
        assertThat(r.ceilingPairs()).isLessThanOrEqualTo(30).isGreaterThanOrEqualTo(28);
        assertThat(r.ceilingWithin5()).isGreaterThan(0.9);
        // The median ignores the one wild timing: about 2% / sqrt(2) * 1.4826.
        assertThat(r.noisePercent()).isCloseTo(100 * 1.4826 * (0.02 / 1.01) / Math.sqrt(2), within(0.2));
        assertThat(r.narrowestMs()).isEqualTo(0.4);
        assertThat(r.widestMs()).isEqualTo(2.0);
    }
}
