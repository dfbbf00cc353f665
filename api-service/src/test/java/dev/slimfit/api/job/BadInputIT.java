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
                Arguments.of("method on a space kind it does not search", job("\"ENAS4D\"", "\"fmnist-small\"",
                        "{\"averageMacs\":5000000}"), 422, "searchSpace"),
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
                Arguments.of("infeasible parameter budget", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"params\":10}"), 422, "budget.params"),
                // No slimfit.api.dataset-roots in these tests: every folder dataset is refused.
                Arguments.of("folder dataset without dataset roots", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"macs\":5000000}", "\"folder:/etc\""), 422, "dataset"),
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
                Arguments.of("NUL in a string", job("\"AOWS\"", "\"fmnist-small\"", "{\"macs\":5000000}",
                        "\"fashion\\u0000mnist\""), 422, "dataset"),
                Arguments.of("control character in a string", job("\"AOWS\"", "\"fmnist\\u0007-small\"",
                        "{\"macs\":5000000}"), 422, "searchSpace"),
                Arguments.of("duplicate key", "{\"method\":\"AOWS\",\"method\":\"OWS\",\"searchSpace\":\"fmnist-small\","
                        + "\"dataset\":\"fashion-mnist\",\"budget\":{\"macs\":5000000}}", 400, "method"),
                Arguments.of("duplicate nested key", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"macs\":5000000,\"macs\":6000000}"), 400, "budget.macs"),
                Arguments.of("infinite latency", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"latencyMs\":1e400,\"deviceId\":\"d1\"}"), 422, "budget.latencyMs"),
                Arguments.of("NaN token", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"latencyMs\":NaN,\"deviceId\":\"d1\"}"), 400, null),
                Arguments.of("NaN as a string", job("\"AOWS\"", "\"fmnist-small\"",
                        "{\"latencyMs\":\"Infinity\",\"deviceId\":\"d1\"}"), 422, "budget.latencyMs"),
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
        assertThat(response.body()).as("no Java in errors").doesNotContain("java.").doesNotContain("dev.slimfit")
                .doesNotContain("tools.jackson").doesNotContain("`");
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

    static Stream<Arguments> badContentTypes() {
        return Stream.of(Arguments.of("*/*"), Arguments.of("application/*"), Arguments.of("*/json"),
                Arguments.of("not a type"), Arguments.of("application/json; charset=klingon"),
                Arguments.of("application/x-www-form-urlencoded"), Arguments.of("multipart/form-data; boundary=x"));
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @MethodSource("badContentTypes")
    void wildcardUnknownAndFormContentTypesAre415(String contentType) {
        String key = newTeamKey();
        Long before = jdbc.sql("SELECT count(*) FROM jobs").query(Long.class).single();
        Response response = api.send("POST", "/api/v1/jobs", key, job("\"AOWS\"", "\"fmnist-small\"",
                "{\"macs\":5000000}"), java.util.List.of("Content-Type", contentType));
        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asString()).isEqualTo("Content-Type");
        assertThat(jdbc.sql("SELECT count(*) FROM jobs").query(Long.class).single()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aFormBodyWithBytesThatAreNotUtf8IsRefusedNotAServerError() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/api/v1/jobs"))
                .header("Authorization", "Bearer " + newTeamKey())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', '=', (byte) 0xff, (byte) 0xfe}))
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"size=%ff", "size=%", "size=%zz", "page=1&size=%c3%28",
            "status=%00", "%ff=1"})
    void malformedPercentEncodingInTheQueryIs400NamingTheParameter(String query) {
        String expected = query.startsWith("%ff") ? "%ff" : query.contains("size") ? "size" : "status";
        String request = "GET /api/v1/jobs?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + newTeamKey() + "\r\nConnection: close\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("\"field\":\"" + expected + "\"");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void aNulInADeviceNameOrHardwareIs422NotAConflict() {
        for (String body : java.util.List.of(
                "{\"name\":\"dev\\u0000x\",\"runtime\":\"djl-pytorch-cpu\",\"hardware\":{\"cpu\":\"t\"}}",
                "{\"name\":\"dev-nul-value\",\"runtime\":\"djl-pytorch-cpu\",\"hardware\":{\"cpu\":\"t\\u0000\"}}",
                "{\"name\":\"dev-nul-key\",\"runtime\":\"djl-pytorch-cpu\",\"hardware\":{\"c\\u0000pu\":\"t\"}}",
                "{\"name\":\"dev-inf\",\"runtime\":\"djl-pytorch-cpu\",\"hardware\":{\"ghz\":1e400}}")) {
            Response response = api.post("/api/v1/devices", ENROLLMENT_SECRET, body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(422);
            assertThat(response.json().get("field").asString()).as(response.body()).isNotBlank();
        }
    }

    @org.junit.jupiter.api.Test
    void decodeRefusesANonFiniteBudget() {
        Response response = api.post("/api/v1/jobs/" + java.util.UUID.randomUUID() + "/decode", newTeamKey(),
                "{\"budget\":{\"latencyMs\":1e400,\"deviceId\":\"d1\"}}");
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("field").asString()).isEqualTo("budget.latencyMs");
    }
}
