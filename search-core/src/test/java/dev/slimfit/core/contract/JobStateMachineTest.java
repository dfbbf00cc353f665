package dev.slimfit.core.contract;

import static dev.slimfit.core.contract.JobStatus.CANCELLED;
import static dev.slimfit.core.contract.JobStatus.CANCELLING;
import static dev.slimfit.core.contract.JobStatus.FAILED;
import static dev.slimfit.core.contract.JobStatus.QUEUED;
import static dev.slimfit.core.contract.JobStatus.RUNNING;
import static dev.slimfit.core.contract.JobStatus.SUCCEEDED;
import static dev.slimfit.core.contract.JobStatus.WAITING_FOR_LATENCY;
import static dev.slimfit.core.contract.JobTrigger.CANCEL_REQUESTED;
import static dev.slimfit.core.contract.JobTrigger.LATENCY_FAILED;
import static dev.slimfit.core.contract.JobTrigger.LATENCY_READY;
import static dev.slimfit.core.contract.JobTrigger.LEASE_EXPIRED;
import static dev.slimfit.core.contract.JobTrigger.WORKER_CANCELLED;
import static dev.slimfit.core.contract.JobTrigger.WORKER_CHECKPOINT;
import static dev.slimfit.core.contract.JobTrigger.WORKER_FAILED;
import static dev.slimfit.core.contract.JobTrigger.WORKER_PROGRESS;
import static dev.slimfit.core.contract.JobTrigger.WORKER_STARTED;
import static dev.slimfit.core.contract.JobTrigger.WORKER_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every (state, trigger) pair against a table written out by hand: the allowed ones land where the table says,
 * every other one is refused. A new state or trigger without a row here fails the test.
 */
class JobStateMachineTest {

    private static final Map<JobStatus, Map<JobTrigger, JobStatus>> ALLOWED = new EnumMap<>(JobStatus.class);

    static {
        allow(WAITING_FOR_LATENCY, LATENCY_READY, QUEUED);
        allow(WAITING_FOR_LATENCY, LATENCY_FAILED, FAILED);
        allow(WAITING_FOR_LATENCY, CANCEL_REQUESTED, CANCELLED);

        allow(QUEUED, WORKER_STARTED, RUNNING);
        allow(QUEUED, CANCEL_REQUESTED, CANCELLED);
        allow(QUEUED, WORKER_FAILED, FAILED);

        allow(RUNNING, WORKER_STARTED, RUNNING);
        allow(RUNNING, WORKER_PROGRESS, RUNNING);
        allow(RUNNING, WORKER_CHECKPOINT, RUNNING);
        allow(RUNNING, WORKER_SUCCEEDED, SUCCEEDED);
        allow(RUNNING, WORKER_FAILED, FAILED);
        allow(RUNNING, CANCEL_REQUESTED, CANCELLING);
        allow(RUNNING, WORKER_CANCELLED, CANCELLED);
        allow(RUNNING, LEASE_EXPIRED, QUEUED);

        allow(CANCELLING, CANCEL_REQUESTED, CANCELLING);
        allow(CANCELLING, WORKER_PROGRESS, CANCELLING);
        allow(CANCELLING, WORKER_CHECKPOINT, CANCELLING);
        allow(CANCELLING, WORKER_CANCELLED, CANCELLED);
        allow(CANCELLING, WORKER_FAILED, CANCELLED);
        allow(CANCELLING, LEASE_EXPIRED, CANCELLED);
        allow(CANCELLING, WORKER_SUCCEEDED, SUCCEEDED);

        allow(CANCELLED, CANCEL_REQUESTED, CANCELLED);
    }

    private static void allow(JobStatus from, JobTrigger trigger, JobStatus to) {
        ALLOWED.computeIfAbsent(from, k -> new EnumMap<>(JobTrigger.class)).put(trigger, to);
    }

    @Test
    void everyPairBehavesAsTheTableSays() {
        int allowed = 0;
        int refused = 0;
        for (JobStatus from : JobStatus.values()) {
            for (JobTrigger trigger : JobTrigger.values()) {
                JobStatus expected = ALLOWED.getOrDefault(from, Map.of()).get(trigger);
                if (expected != null) {
                    assertThat(JobStateMachine.next(from, trigger)).as(from + " + " + trigger).isEqualTo(expected);
                    assertThat(JobStateMachine.allows(from, trigger)).isTrue();
                    allowed++;
                } else {
                    assertThatThrownBy(() -> JobStateMachine.next(from, trigger)).as(from + " + " + trigger)
                            .isInstanceOf(IllegalTransitionException.class)
                            .satisfies(e -> {
                                IllegalTransitionException ite = (IllegalTransitionException) e;
                                assertThat(ite.from()).isEqualTo(from);
                                assertThat(ite.trigger()).isEqualTo(trigger);
                            });
                    assertThat(JobStateMachine.allows(from, trigger)).isFalse();
                    refused++;
                }
            }
        }
        assertThat(allowed + refused).isEqualTo(JobStatus.values().length * JobTrigger.values().length);
        assertThat(allowed).isEqualTo(22);
    }

    @Test
    void terminalStatesOnlyAcceptARepeatedCancelOfACancelledJob() {
        for (JobStatus from : JobStatus.values()) {
            if (!from.isTerminal()) {
                continue;
            }
            for (JobTrigger trigger : JobTrigger.values()) {
                boolean ok = from == CANCELLED && trigger == CANCEL_REQUESTED;
                assertThat(JobStateMachine.allows(from, trigger)).as(from + " + " + trigger).isEqualTo(ok);
            }
        }
    }

    @Test
    void everyWorkerEventTypeMapsToAWorkerTrigger() {
        for (WorkerEventType type : WorkerEventType.values()) {
            assertThat(type.trigger().name()).startsWith("WORKER_");
        }
    }
}
