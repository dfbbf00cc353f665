package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;

/** Cancels of one job decided under its row lock: however many arrive at once, one event is recorded. */
class ConcurrentCancelIT extends IntegrationTest {

    static final int CANCELS = 20;

    @Test
    void twentyConcurrentCancelsOfARunningJobRecordOneCancelRequest() throws Exception {
        String key = newTeamKey();
        Response created = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":3000000}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID job = UUID.fromString(created.json().get("id").asString());
        Response claim = api.post("/api/v1/worker/jobs/" + job + "/claim", WORKER_SECRET, "{\"workerId\":\"w1\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/jobs/" + job, key).json().get("status").asString()).isEqualTo("RUNNING");

        ExecutorService pool = Executors.newFixedThreadPool(CANCELS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < CANCELS; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/v1/jobs/" + job + "/cancel", key, null);
                }));
            }
            go.countDown();
            for (Future<Response> answer : answers) {
                Response cancel = answer.get(60, TimeUnit.SECONDS);
                assertThat(cancel.status()).as(cancel.body()).isBetween(200, 299);
                // CANCELLING; CANCELLED only if the 3 s test lease ran out meanwhile
                assertThat(cancel.json().get("status").asString()).isIn("CANCELLING", "CANCELLED");
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> types = new ArrayList<>();
        api.get("/api/v1/jobs/" + job + "/events?limit=100", key).json().get("events")
                .forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).startsWith("SUBMITTED", "STARTED", "CANCEL_REQUESTED");
        assertThat(types).filteredOn("CANCEL_REQUESTED"::equals).hasSize(1);
        // Once more, one at a time: still no second event.
        assertThat(api.post("/api/v1/jobs/" + job + "/cancel", key, null).status()).isEqualTo(200);
        List<String> after = new ArrayList<>();
        api.get("/api/v1/jobs/" + job + "/events?limit=100", key).json().get("events")
                .forEach(e -> after.add(e.get("type").asString()));
        assertThat(after).filteredOn("CANCEL_REQUESTED"::equals).hasSize(1);
    }
}
