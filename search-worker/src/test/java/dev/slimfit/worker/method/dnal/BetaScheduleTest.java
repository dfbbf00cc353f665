package dev.slimfit.worker.method.dnal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BetaScheduleTest {

    @Test
    void theReferenceScheduleMultipliesByAbout2point51BeforeEachOfTenEpochs() {
        BetaSchedule schedule = BetaSchedule.reference(10);

        assertThat(schedule.factor()).isCloseTo(2.5119, within(1e-4));
        assertThat(schedule.atEpoch(1)).isCloseTo(Math.pow(10, 0.4), within(1e-9));
        double beta = 1;
        for (int epoch = 1; epoch <= 10; epoch++) {
            beta *= schedule.factor();
            assertThat(schedule.atEpoch(epoch)).isCloseTo(beta, within(beta * 1e-9));
        }
        assertThat(schedule.atEpoch(10)).isCloseTo(1e4, within(1e-6));
    }

    @Test
    void thePerStepCurveMeetsTheReferenceAtEveryEpochsLastStepAndNeverFalls() {
        BetaSchedule schedule = BetaSchedule.reference(3);
        int stepsPerEpoch = 7;

        double previous = schedule.start();
        for (long step = 0; step < 3L * stepsPerEpoch; step++) {
            double beta = schedule.atStep(step, stepsPerEpoch);
            assertThat(beta).isGreaterThan(previous);
            previous = beta;
            if ((step + 1) % stepsPerEpoch == 0) {
                int epoch = (int) ((step + 1) / stepsPerEpoch);
                assertThat(beta).isCloseTo(schedule.atEpoch(epoch), within(schedule.atEpoch(epoch) * 1e-9));
            }
        }
        assertThat(schedule.atStep(3L * stepsPerEpoch - 1, stepsPerEpoch)).isCloseTo(1e4, within(1e-6));
        assertThat(schedule.atStep(500, stepsPerEpoch)).isCloseTo(1e4, within(1e-6));
    }

    @Test
    void aScheduleThatFallsOrHasNoEpochsIsRefused() {
        assertThatThrownBy(() -> new BetaSchedule(10, 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BetaSchedule(1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
