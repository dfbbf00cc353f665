package dev.slimfit.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class DroppedEventsTest {

    @Test
    void theNextEventThatGoesOutCarriesTheGapAndThenItIsClosed() {
        DroppedEvents dropped = new DroppedEvents();
        UUID job = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assertThat(dropped.pending(job)).isZero();
        dropped.dropped(job);
        dropped.dropped(job);
        dropped.dropped(other);
        assertThat(dropped.pending(job)).isEqualTo(2);
        // An event built with a gap of 2 went out while a third one failed in between: one is still owed.
        int reported = dropped.pending(job);
        dropped.dropped(job);
        dropped.published(job, reported);
        assertThat(dropped.pending(job)).isEqualTo(1);
        dropped.published(job, 1);
        assertThat(dropped.pending(job)).isZero();
        assertThat(dropped.pending(other)).as("per job").isEqualTo(1);
        dropped.forget(other);
        assertThat(dropped.pending(other)).isZero();
    }
}
