package dev.slimfit.worker.method.dnal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LambdaControlTest {

    private final LambdaControl control = LambdaControl.defaults();

    @Test
    void pressureGrowsOverTheBudgetAndEasesUnderIt() {
        assertThat(control.next(1, 1.5)).isGreaterThan(1);
        assertThat(control.next(1, 0.5)).isLessThan(1);
        assertThat(control.next(1, control.target())).isCloseTo(1, within(1e-12));
        assertThat(control.next(2, 1.2)).isCloseTo(2 * Math.exp(control.rate() * (1.2 - control.target())),
                within(1e-12));
    }

    @Test
    void aHugeMissMovesLambdaByABoundedStepAndLambdaStaysInItsRange() {
        assertThat(control.next(1, 1000)).isCloseTo(Math.exp(control.rate()), within(1e-12));
        assertThat(control.next(control.max(), 2)).isEqualTo(control.max());
        assertThat(control.next(control.min(), 0)).isEqualTo(control.min());
    }

    @Test
    void repeatedStepsOverTheBudgetRaiseLambdaByOrdersOfMagnitude() {
        double lambda = LambdaControl.INITIAL;
        for (int step = 0; step < 200; step++) {
            lambda = control.next(lambda, 2);
        }
        assertThat(lambda).isGreaterThan(100 * LambdaControl.INITIAL);
    }
}
