package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.slimfit.api.support.ApiClient;
import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import dev.slimfit.core.contract.Budget;
import dev.slimfit.core.contract.FailureType;
import dev.slimfit.core.contract.JobFailure;
import dev.slimfit.core.contract.JobOutcome;
import dev.slimfit.core.contract.JobResult;
import dev.slimfit.core.cost.BudgetCost;
import dev.slimfit.core.cost.NetworkCost;
import dev.slimfit.core.decode.WidthDecoder;
import dev.slimfit.core.space.SearchSpace;
import dev.slimfit.core.space.SearchSpaceRegistry;
import tools.jackson.databind.JsonNode;

/**
 * A worker's final outcome over HTTP: applied at once through the state machine, idempotent by outcome id, only
 * from the lease holder, never onto a finished job; and a re-decode at the job's own budget gives its own widths.
 */
class WorkerOutcomeIT extends IntegrationTest {

    static final SearchSpace FMNIST = SearchSpaceRegistry.builtIn().find("fmnist-small").orElseThrow();

    String key;

    UUID submit(long macs) {
        key = newTeamKey();
        Response created = api.post("/api/v1/jobs", key, """
                {"method":"AOWS","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":%d}}"""
                .formatted(macs));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    long midMacs() {
        return (NetworkCost.macs(FMNIST, FMNIST.smallest()) + NetworkCost.macs(FMNIST, FMNIST.largest())) / 2;
    }

    Response claim(UUID job, String workerId) {
        Response claim = api.post("/api/v1/worker/jobs/" + job + "/claim", WORKER_SECRET,
                "{\"workerId\":\"" + workerId + "\"}");
        assertThat(claim.status()).as(claim.body()).isEqualTo(200);
        return claim;
    }

    Response report(UUID job, JobOutcome outcome) {
        return report(job, ApiClient.json(outcome));
    }

    Response report(UUID job, String body) {
        return api.post("/api/v1/worker/jobs/" + job + "/outcome", WORKER_SECRET, body);
    }

    JsonNode job(UUID id) {
        return api.get("/api/v1/jobs/" + id, key).json();
    }

    static JobResult result(List<Integer> widths, List<List<Double>> unaries) {
        int[] w = widths.stream().mapToInt(Integer::intValue).toArray();
        return new JobResult(widths, NetworkCost.macs(FMNIST, w), NetworkCost.params(FMNIST, w), null, null, 0.8,
                "cpu", unaries, List.of(), Map.of(), List.of());
    }

    static JobResult anyResult() {
        return result(Arrays.stream(FMNIST.smallest()).boxed().toList(), null);
    }

    @Test
    void aHeartbeatRacingTheWorkersOwnOutcomeIs409WithoutAWarningButARealLeaseLossIsWarned() {
        ch.qos.logback.classic.Logger problems = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("dev.slimfit.api.error.ProblemHandler");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        problems.addAppender(logged);
        try {
            UUID finished = submit(midMacs());
            claim(finished, "w-done");
            assertThat(report(finished, JobOutcome.succeeded("w-done", anyResult())).status()).isEqualTo(200);
            Response late = api.post("/api/v1/worker/jobs/" + finished + "/heartbeat", WORKER_SECRET,
                    "{\"workerId\":\"w-done\"}");
            assertThat(late.status()).as("the worker-facing answer is unchanged").isEqualTo(409);
            assertThat(late.json().get("type").asString()).isEqualTo("https://slimfit.dev/problems/lease-lost");

            UUID taken = submit(midMacs());
            claim(taken, "w-holder");
            Response stranger = api.post("/api/v1/worker/jobs/" + taken + "/heartbeat", WORKER_SECRET,
                    "{\"workerId\":\"w-other\"}");
            assertThat(stranger.status()).isEqualTo(409);

            List<String> warnings = logged.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).noneMatch(w -> w.contains(finished.toString()));
            assertThat(warnings).anyMatch(w -> w.contains(taken.toString()) && w.contains("lease-lost"));
        } finally {
            problems.detachAppender(logged);
        }
    }

    @Test
    void aSucceededOutcomeIsAppliedAtOnceAndARepeatAnswersTheSameState() {
        UUID job = submit(midMacs());
        claim(job, "w1");
        JobOutcome outcome = JobOutcome.succeeded("w1", anyResult());

        Response applied = report(job, outcome);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(applied.json().get("leaseExpiresAt").isNull()).isTrue();
        assertThat(job(job).get("status").asString()).as("synchronous: no wait").isEqualTo("SUCCEEDED");
        assertThat(job(job).get("result").get("testAccuracy").asDouble()).isEqualTo(0.8);

        Response repeat = report(job, outcome); // the first answer was lost; the worker retries
        assertThat(repeat.status()).as(repeat.body()).isEqualTo(200);
        assertThat(repeat.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/api/v1/jobs/" + job + "/events", key).json().get("events"))
                .extracting(e -> e.get("type").asString()).containsExactly("SUBMITTED", "STARTED", "SUCCEEDED");
        assertThat(api.post("/api/v1/worker/jobs/" + job + "/heartbeat", WORKER_SECRET, "{\"workerId\":\"w1\"}")
                .status()).as("the lease ended with the outcome").isEqualTo(409);
    }

    @Test
    void aFailedOutcomeStoresTheTypedFailure() {
        UUID job = submit(midMacs());
        claim(job, "w1");
        Response failed = report(job, JobOutcome.failed("w1", new JobFailure(FailureType.BAD_DATASET,
                "no images")));
        assertThat(failed.status()).as(failed.body()).isEqualTo(200);
        assertThat(failed.json().get("status").asString()).isEqualTo("FAILED");
        assertThat(job(job).get("failure").get("type").asString()).isEqualTo("BAD_DATASET");
        assertThat(job(job).get("failure").get("message").asString()).isEqualTo("no images");
    }

    @Test
    void onlyTheLeaseHolderReportsAndAFinishedJobTakesNoFurtherOutcome() {
        UUID job = submit(midMacs());
        claim(job, "w1");
        Response stranger = report(job, JobOutcome.succeeded("w2", anyResult()));
        assertThat(stranger.status()).as(stranger.body()).isEqualTo(409);
        assertThat(stranger.contentType()).startsWith("application/problem+json");
        assertThat(stranger.json().get("type").asString()).endsWith("/lease-lost");
        assertThat(job(job).get("status").asString()).isEqualTo("RUNNING");

        assertThat(api.post("/api/v1/jobs/" + job + "/cancel", key, null).json().get("status").asString())
                .isEqualTo("CANCELLING");
        JobOutcome cancelled = JobOutcome.cancelled("w1");
        Response stopped = report(job, cancelled);
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("status").asString()).isEqualTo("CANCELLED");

        Response late = report(job, JobOutcome.succeeded("w1", anyResult()));
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.json().get("type").asString()).endsWith("/illegal-transition");
        assertThat(late.json().get("detail").asString()).contains("CANCELLED");
        assertThat(report(job, cancelled).json().get("status").asString()).as("a repeat is still harmless")
                .isEqualTo("CANCELLED");
        assertThat(job(job).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(job(job).get("result").isNull()).isTrue();
    }

    @Test
    void aJobThatFinishesBeforeItSeesTheCancelKeepsItsResult() {
        UUID job = submit(midMacs());
        claim(job, "w1");
        api.post("/api/v1/jobs/" + job + "/cancel", key, null);
        Response done = report(job, JobOutcome.succeeded("w1", anyResult()));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void badOutcomesAre422NamingTheField() {
        UUID job = submit(midMacs());
        claim(job, "w1");
        UUID id = UUID.randomUUID();
        Map<String, String> bodies = Map.of(
                "kind", "{\"outcomeId\":\"" + id + "\",\"workerId\":\"w1\"}",
                "result", "{\"outcomeId\":\"" + id + "\",\"workerId\":\"w1\",\"kind\":\"SUCCEEDED\"}",
                "failure", "{\"outcomeId\":\"" + id + "\",\"workerId\":\"w1\",\"kind\":\"FAILED\"}",
                "outcomeId", "{\"workerId\":\"w1\",\"kind\":\"CANCELLED\"}",
                "workerId", "{\"outcomeId\":\"" + id + "\",\"workerId\":\" \",\"kind\":\"CANCELLED\"}");
        bodies.forEach((field, body) -> {
            Response refused = report(job, body);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("field").asString()).isEqualTo(field);
        });
        assertThat(report(job, "{\"outcomeId\":\"" + id + "\",\"workerId\":\"w1\",\"kind\":\"DONE\"}").status())
                .as("an unknown kind does not parse").isEqualTo(400);
        assertThat(api.post("/api/v1/worker/jobs/" + job + "/outcome", key, ApiClient.json(
                JobOutcome.cancelled("w1"))).status()).as("team keys cannot report outcomes").isEqualTo(403);
        assertThat(job(job).get("status").asString()).isEqualTo("RUNNING");
        assertThat(report(UUID.randomUUID(), JobOutcome.cancelled("w1")).status()).isEqualTo(404);
    }

    @Test
    void aReDecodeAtTheJobsOwnBudgetGivesTheJobsOwnWidths() {
        long macs = midMacs();
        // Unaries as a search leaves them: noisy, with some widths never sampled (NaN).
        Random random = new Random(11);
        double[][] unaries = new double[FMNIST.layerCount()][];
        List<List<Double>> stored = new ArrayList<>();
        for (int i = 0; i < unaries.length; i++) {
            int choices = FMNIST.layer(i).widthChoices().size();
            unaries[i] = new double[choices];
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < choices; c++) {
                unaries[i][c] = (i + c) % 4 == 3 ? Double.NaN : 0.3 * c + random.nextGaussian() * 0.2;
                row.add(unaries[i][c]);
            }
            stored.add(row);
        }
        // What the worker decodes for this job: the one budget mapping and the one decoder, in search-core.
        WidthDecoder decoder = new WidthDecoder(FMNIST, BudgetCost.of(Budget.ofMacs(macs), FMNIST, null));
        List<Integer> widths = Arrays.stream(decoder.widths(decoder.decode(unaries))).boxed().toList();

        UUID job = submit(macs);
        claim(job, "w1");
        Response done = report(job, JobOutcome.succeeded("w1", result(widths, stored)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);

        Response decoded = api.post("/api/v1/jobs/" + job + "/decode", key, "{\"budget\":{\"macs\":" + macs + "}}");
        assertThat(decoded.status()).as(decoded.body()).isEqualTo(200);
        List<Integer> again = new ArrayList<>();
        decoded.json().get("widths").forEach(w -> again.add(w.asInt()));
        assertThat(again).isEqualTo(widths);
        assertThat(decoded.json().get("costUnit").asString()).isEqualTo("macs");
        assertThat(decoded.json().get("macs").asLong()).isLessThanOrEqualTo(macs);

        Response infeasible = api.post("/api/v1/jobs/" + job + "/decode", key, "{\"budget\":{\"params\":10}}");
        assertThat(infeasible.status()).as(infeasible.body()).isEqualTo(422);
        assertThat(infeasible.json().get("field").asString()).isEqualTo("budget.params");
    }

    @Test
    void theMethodCatalogueIsListed() {
        key = newTeamKey();
        Response methods = api.get("/api/v1/methods", key);
        assertThat(methods.status()).as(methods.body()).isEqualTo(200);
        assertThat(methods.json()).extracting(m -> m.get("method").asString())
                .containsExactly("AOWS", "OWS", "DNAL", "ENAS4D", "UNIFORM");
        assertThat(methods.json()).allSatisfy(m -> assertThat(m.get("implemented").asBoolean()).isTrue());
        JsonNode enas = methods.json().get(3);
        assertThat(enas.get("budgetKinds")).extracting(JsonNode::asString).containsExactly("AVERAGE_MACS");
        assertThat(enas.get("spaceKinds")).extracting(JsonNode::asString).containsExactly("MULTI_STAGE");
        assertThat(methods.json().get(0).get("redecodable").asBoolean()).isTrue();
        assertThat(methods.json().get(2).get("redecodable").asBoolean()).isFalse();

        Response dnal = api.post("/api/v1/jobs", key, """
                {"method":"DNAL","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":%d},
                 "training":{"epochs":4}}""".formatted(midMacs()));
        assertThat(dnal.status()).as(dnal.body()).isEqualTo(201);
        assertThat(dnal.json().get("method").asString()).isEqualTo("DNAL");

        Response oneEpoch = api.post("/api/v1/jobs", key, """
                {"method":"DNAL","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"macs":%d},
                 "training":{"epochs":1}}""".formatted(midMacs()));
        assertThat(oneEpoch.status()).isEqualTo(422);
        assertThat(oneEpoch.json().get("field").asString()).isEqualTo("training.epochs");

        Response staged = api.post("/api/v1/jobs", key, """
                {"method":"DNAL","searchSpace":"fmnist-stages","dataset":"fashion-mnist",
                 "budget":{"averageMacs":500000}}""");
        assertThat(staged.status()).isEqualTo(422);
        assertThat(staged.json().get("field").asString()).isEqualTo("searchSpace");
    }
}
