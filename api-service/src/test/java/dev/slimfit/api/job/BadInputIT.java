package dev.slimfit.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;

/** Every kind of bad submission gets a 4xx problem+json that names the field, and nothing is stored. */
class BadInputIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    static final String OK_TRAINING = "\"training\":{\"epochs\":2}";

    static Stream<Arguments> badSubmissions() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"method\":\"AOWS\",", 400, null),
                Arguments.of("not an object", "[1,2,3]", 400, null),
                Arguments.of("unknown method", job("\"FOO\"", "\"fmnist-small\"", "{\"macs\":5000000}"), 422,
                        "method"),
                Arguments.of("method not implemented yet", job("\"DNAL\"", "\"fmnist-small\"",
                        "{\"macs\":5000000}"), 422, "method"),
                Arguments.of("folder dataset with ..", job("\"AOWS\"", "\"fmnist-small\"", "{\"macs\":5000000}",
                        "\"folder:/data/../etc\""), 422, "dataset"),
                Arguments.of("unknown search space", job("\"AOWS\"", "\"resnet-9000\"", "{\"macs\":5000000}"),
                        422, "searchSpace"),
                Arguments.of("negative budget", job("\"AOWS\"", "\"fmnist-small\"", "{\"macs\":-5}"), 422,
                        "budget.macs"),
                Arguments.of("zero latency", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"latencyMs\":0,\"deviceId\":\"d1\"}"), 422, "budget.latencyMs"),
                Arguments.of("two budgets", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"macs\":5000000,\"params\":100000}"), 422, "budget.params"),
                Arguments.of("no budget", job("\"AOWS\"", "\"fmnist-small\"", "{}"), 422, "budget"),
                Arguments.of("missing budget", "{\"method\":\"AOWS\",\"searchSpace\":\"fmnist-small\","
                        + "\"dataset\":\"fashion-mnist\"}", 422, "budget"),
                Arguments.of("infeasible MAC budget", job("\"AOWS\"", "\"fmnist-small\"", "{\"macs\":10}"), 422,
                        "budget.macs"),
                Arguments.of("infeasible parameter budget", job("\"AOWS\"", "\"mobilenet-v1-224\"",
                        "{\"params\":10}", "\"folder:/data/imagenet\""), 422, "budget.params"),
                Arguments.of("unknown device", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"latencyMs\":3,\"deviceId\":\"no-such-phone\"}"), 422, "budget.deviceId"),
                Arguments.of("latency without device", job("\"AOWS\"", "\"fmnist-small\"", "{\"latencyMs\":3}"),
                        422, "budget.deviceId"),
                Arguments.of("averageMacs with AOWS", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"averageMacs\":5000000}"), 422, "budget.averageMacs"),
                Arguments.of("wrong type for budget", job("\"AOWS\"", "\"fmnist-small\"", "{\"macs\":\"lots\"}"),
                        400, "budget.macs"),
                Arguments.of("wrong type for method", job("42", "\"fmnist-small\"", "{\"macs\":5000000}"), 400,
                        "method"),
                Arguments.of("fractional epochs", "{\"method\":\"AOWS\",\"searchSpace\":\"fmnist-small\","
                        + "\"dataset\":\"fashion-mnist\",\"budget\":{\"macs\":5000000},"
                        + "\"training\":{\"epochs\":1.5}}", 400, "training.epochs"),
                Arguments.of("epochs out of range", "{\"method\":\"AOWS\",\"searchSpace\":\"fmnist-small\","
                        + "\"dataset\":\"fashion-mnist\",\"budget\":{\"macs\":5000000},"
                        + "\"training\":{\"epochs\":100000}}", 422, "training.epochs"),
                Arguments.of("unknown field", "{\"method\":\"AOWS\",\"searchSpace\":\"fmnist-small\","
                        + "\"dataset\":\"fashion-mnist\",\"budget\":{\"macs\":5000000},\"budgte\":1}", 400,
                        "budgte"),
                Arguments.of("unknown dataset", job("\"AOWS\"", "\"fmnist-small\"", "{\"macs\":5000000}",
                        "\"imagenet\""), 422, "dataset"),
                Arguments.of("dataset that does not fit the space", job("\"AOWS\"", "\"mobilenet-v1-224\"",
                        "{\"macs\":500000000}", "\"fashion-mnist\""), 422, "dataset"),
                Arguments.of("priority out of range", "{\"method\":\"AOWS\",\"searchSpace\":\"fmnist-small\","
                        + "\"dataset\":\"fashion-mnist\",\"budget\":{\"macs\":5000000},\"priority\":42}", 422,
                        "priority"),
                Arguments.of("oversized body", "{\"method\":\"AOWS\",\"pad\":\"" + "x".repeat(70_000) + "\"}", 413,
                        "body"));
    }

    private static String job(String method, String space, String budget) {
        return job(method, space, budget, "\"fashion-mnist\"");
    }

    private static String job(String method, String space, String budget, String dataset) {
        return "{\"method\":" + method + ",\"searchSpace\":" + space + ",\"dataset\":" + dataset + ",\"budget\":"
                + budget + "," + OK_TRAINING + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissions")
    void badSubmissionIsAProblemNamingTheField(String what, String body, int status, String field) {
        String key = newTeamKey();
        Long before = jdbc.sql("SELECT count(*) FROM jobs").query(Long.class).single();

        Response response = api.post("/api/v1/jobs", key, body);

        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).startsWith("https://slimfit.dev/problems/");
        assertThat(response.json().get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
        }
        Long after = jdbc.sql("SELECT count(*) FROM jobs").query(Long.class).single();
        assertThat(after).as("nothing is stored for a refused job").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void infeasibleMacBudgetStatesTheMinimum() {
        Response response = api.post("/api/v1/jobs", newTeamKey(), job("\"AOWS\"", "\"fmnist-small\"",
                "{\"macs\":10}"));
        long minMacs = api.get("/api/v1/search-spaces/fmnist-small", newTeamKey()).json().get("minMacs").asLong();
        assertThat(response.json().get("detail").asString()).contains(Long.toString(minMacs));
    }

    @org.junit.jupiter.api.Test
    void badPathAndQueryValuesAre400NotServerErrors() {
        String key = newTeamKey();
        Response badId = api.get("/api/v1/jobs/not-a-uuid", key);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("field").asString()).isEqualTo("id");
        Response badStatus = api.get("/api/v1/jobs?status=DONE", key);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("field").asString()).isEqualTo("status");
        Response badSize = api.get("/api/v1/jobs?size=1000", key);
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.json().get("field").asString()).isEqualTo("size");
        Response hugePage = api.get("/api/v1/jobs?page=30000000&size=100", key);
        assertThat(hugePage.status()).isEqualTo(400);
        assertThat(hugePage.json().get("field").asString()).isEqualTo("page");
        Response notJson = api.send("POST", "/api/v1/jobs", key, "method=AOWS",
                java.util.List.of("Content-Type", "text/plain"));
        assertThat(notJson.status()).isEqualTo(415);
    }
}
