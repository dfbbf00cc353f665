package dev.slimfit.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.slimfit.api.support.ApiClient.Response;
import dev.slimfit.api.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default-deny edge, black-box: ambiguous URLs cannot reach a controller without a credential, the public
 * surface is only what is listed, errors are problem+json with a Slimfit type, and content negotiation is
 * decided before any work is done.
 */
class SecurityEdgeIT extends IntegrationTest {

    private static final String TYPES = "https://slimfit.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JOB = """
            {"method":"UNIFORM","searchSpace":"fmnist-small","dataset":"fashion-mnist","budget":{"params":1000000}}""";

    @Autowired
    JdbcClient jdbc;

    private RawHttp.Answer raw(String method, String target, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return RawHttp.send(port, request.toString());
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.head() + "\n" + answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.head()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("type").asString()).startsWith(TYPES);
        if (type != null) {
            assertThat(body.get("type").asString()).isEqualTo(TYPES + type);
        }
        assertThat(body.get("status").asInt()).isEqualTo(status);
    }

    private static void assertProblem(Response response, int status, String type, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo(TYPES + type);
        if (field != null) {
            assertThat(response.json().get("field").asString()).isEqualTo(field);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api;x=y/v1/jobs", "/api/v1;x=y/jobs", "/api/v1/jobs;x=y", "/%61pi/v1/jobs",
            "/api/v1/%6Aobs", "/api/v1/jobs%2F", "/api/v1/./jobs", "/api//v1/jobs", "/api/v1/x/../jobs",
            "/api/v1/%2e%2e/v1/jobs", "/api/v1/jobs%3Bx=y", "/api/v1/admin;/teams", "/api/v1/worker%2Fjobs",
            "/%2561pi/v1/jobs", "/api/v1\\jobs"})
    void ambiguousUrlsNeverReachAControllerWithoutACredential(String target) throws IOException {
        RawHttp.Answer answer = raw("GET", target);
        assertThat(answer.status()).as(target + " -> " + answer.head()).isIn(400, 401);
        assertThat(answer.header("Content-Type")).as(target + " -> " + answer.head())
                .startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).get("type").asString()).startsWith(TYPES);
    }

    @Test
    void pathParametersAndEncodedSeparatorsAreRefusedAs400EvenWithAKey() throws IOException {
        String key = newTeamKey();
        for (String target : List.of("/api;x=y/v1/jobs", "/api/v1;x=y/jobs", "/api/v1/jobs%2Fx",
                "/api/v1/%2e%2e/v1/jobs")) {
            // Tomcat refuses some of these itself (its valve answers "bad-request"), the firewall the others.
            RawHttp.Answer answer = raw("GET", target, "Authorization: Bearer " + key);
            assertProblem(answer, 400, null);
            assertThat(JSON.readTree(answer.body()).get("type").asString()).as(target)
                    .isIn(TYPES + "rejected-request", TYPES + "bad-request");
        }
        // An encoded letter decodes to the same path and the same rule: the team's key opens it, nothing else.
        assertThat(raw("GET", "/%61pi/v1/jobs", "Authorization: Bearer " + key).status()).isEqualTo(200);
        assertThat(raw("GET", "/%61pi/v1/jobs", "Authorization: Bearer " + ADMIN_KEY).status()).isEqualTo(403);
    }

    @Test
    void theDashboardHealthAndTeamDocsArePublicAndNothingElseIs() {
        assertThat(api.get("/", null).status()).isEqualTo(200);
        assertThat(api.get("/index.html", null).status()).isEqualTo(200);
        assertThat(api.get("/dashboard.js", null).status()).isEqualTo(200);
        assertThat(api.get("/dashboard.css", null).status()).isEqualTo(200);
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);

        Response health = management.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components")).as("no details without the admin key").isFalse();
        assertThat(health.body()).doesNotContain("version").doesNotContain("diskSpace");
        assertThat(management.get("/actuator/health", newTeamKey()).json().has("components")).isFalse();
        assertThat(management.get("/actuator/health", ADMIN_KEY).json().get("components").has("db")).isTrue();

        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator",
                "/v3/api-docs", "/v3/api-docs/admin", "/v3/api-docs/internal", "/v3/api-docs/all",
                "/api/v1/nothing-here", "/nothing-here", "/application.yml")) {
            assertProblem(api.get(path, null), 401, "unauthorized", "Authorization");
        }
        String team = newTeamKey();
        assertProblem(management.get("/actuator/prometheus", team), 403, "forbidden", null);
        assertProblem(api.get("/v3/api-docs", team), 403, "forbidden", null);
        assertThat(management.get("/actuator/prometheus", ADMIN_KEY).status()).isEqualTo(200);
        // Actuator lives on its own port: the management port's endpoints are as closed as they were on the API's,
        // and the API's port serves none of them, not even to the admin.
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator")) {
            assertProblem(management.get(path, null), 401, "unauthorized", "Authorization");
        }
        assertThat(api.get("/actuator/health", ADMIN_KEY).status()).isEqualTo(404);
        // only the probe groups are answered on the API's own port (for a readiness that proves its connector)
        for (String probe : List.of("/readyz", "/livez")) {
            Response r = api.get(probe, null);
            assertThat(r.status()).as(probe).isEqualTo(200);
            assertThat(r.json().get("status").asString()).isEqualTo("UP");
            assertThat(r.json().has("components")).isFalse();
        }
        assertThat(api.get("/actuator/prometheus", ADMIN_KEY).status()).isEqualTo(404);
        assertThat(api.get("/v3/api-docs", ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void thePublicDocumentListsTheTeamApiOnly() {
        Response team = api.get("/v3/api-docs/team", null);
        assertThat(team.status()).isEqualTo(200);
        JsonNode paths = team.json().get("paths");
        assertThat(paths.has("/api/v1/jobs")).isTrue();
        paths.propertyNames().forEach(path -> assertThat(path).as("team document")
                .doesNotStartWith("/api/v1/admin").doesNotStartWith("/api/v1/worker")
                .doesNotStartWith("/api/v1/profiling-tasks").doesNotContain("heartbeat").doesNotContain("revoke"));
        assertThat(api.get("/v3/api-docs/swagger-config", null).status()).isEqualTo(200);
    }

    @Test
    void directErrorPathIsAProblemNotA500() throws IOException {
        assertProblem(api.get("/error", null), 404, "not-found", null);
        assertProblem(raw("GET", "/error", "Accept: text/html"), 404, "not-found");
        assertProblem(raw("POST", "/error", "Content-Length: 0"), 404, "not-found");
    }

    @Test
    void springsOwnRefusalsCarryASlimfitTypeAndField() {
        String key = newTeamKey();
        assertProblem(api.get("/api/v1/jobs/" + UUID.randomUUID() + "/x/y", key), 404, "not-found", null);
        Response wrongMethod = api.delete("/api/v1/jobs", key);
        assertProblem(wrongMethod, 405, "method-not-allowed", "method");
        Response xml = api.send("GET", "/api/v1/jobs", key, null, List.of("Accept", "application/xml"));
        assertProblem(xml, 406, "not-acceptable", "Accept");
        Response unauthorized = api.get("/api/v1/jobs", "sf_wrong");
        assertProblem(unauthorized, 401, "unauthorized", "Authorization");
        assertThat(unauthorized.json().get("detail").asString()).contains("unknown or revoked");
        assertProblem(api.get("/api/v1/jobs", ADMIN_KEY), 403, "forbidden", null);
        assertThat(api.get("/api/v1/jobs", ADMIN_KEY).json().get("detail").asString()).contains("team API key");
        assertProblem(api.send("GET", "/api/v1/jobs", null, null, List.of("Authorization", "Basic eDp5")), 401,
                "unauthorized", "Authorization");
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"text/html", "application/xml", "text/plain", "image/png", "not a media type"})
    void anUnacceptableAcceptIsRefusedBeforeAnyWorkIsDone(String accept) {
        String key = newTeamKey();
        String teamId = teamOf(key);
        Response submit = api.post("/api/v1/jobs", key, JOB, "Accept", accept, "Idempotency-Key", "k-" + accept);
        assertThat(submit.status()).as(submit.body()).isEqualTo(406);
        assertThat(submit.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE team_id = :team").param("team", UUID.fromString(teamId))
                .query(Long.class).single()).as("no job was created or queued").isZero();
        // The same submit with an acceptable Accept is a fresh job (the refused one left no idempotency record).
        Response accepted = api.post("/api/v1/jobs", key, JOB, "Accept", "application/problem+json, application/json",
                "Idempotency-Key", "k-" + accept);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    }

    @Test
    void deviceRegistrationAndWorkerClaimAreNotDoneWhenTheAnswerCannotBeSent() {
        String name = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        Response register = api.post("/api/v1/devices", ENROLLMENT_SECRET, "{\"name\":\"" + name
                + "\",\"runtime\":\"djl-pytorch-cpu\",\"hardware\":{\"cpu\":\"test\"}}", "Accept", "text/html");
        assertThat(register.status()).isEqualTo(406);
        assertThat(jdbc.sql("SELECT count(*) FROM devices WHERE name = :name").param("name", name)
                .query(Long.class).single()).as("the token was not issued").isZero();

        String key = newTeamKey();
        String jobId = api.post("/api/v1/jobs", key, JOB).json().get("id").asString();
        Response claim = api.post("/api/v1/worker/jobs/" + jobId + "/claim", WORKER_SECRET,
                "{\"workerId\":\"w-406\"}", "Accept", "application/xml");
        assertThat(claim.status()).isEqualTo(406);
        assertThat(api.get("/api/v1/jobs/" + jobId, key).json().get("status").asString())
                .as("the job was not claimed").isEqualTo("QUEUED");
    }

    @Test
    void securityHeadersAndNoStoreOnSecrets() {
        Response created = api.post("/api/v1/admin/teams", ADMIN_KEY,
                "{\"name\":\"hdr-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(created.status()).isEqualTo(201);
        var headers = headersOf("POST", "/api/v1/admin/teams", ADMIN_KEY,
                "{\"name\":\"hdr-" + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertThat(headers.firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        var device = headersOf("POST", "/api/v1/devices", ENROLLMENT_SECRET, "{\"name\":\"hdr-"
                + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"runtime\":\"djl-pytorch-cpu\",\"hardware\":{\"cpu\":\"test\"}}");
        assertThat(device.firstValue("Cache-Control").orElse("")).contains("no-store");
        var page = headersOf("GET", "/", null, null);
        assertThat(page.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.firstValue("X-Frame-Options")).hasValue("DENY");
    }

    private java.net.http.HttpHeaders headersOf(String method, String path, String key, String body) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).headers();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String teamOf(String key) {
        return jdbc.sql("SELECT team_id::text FROM api_keys WHERE key_hash = :hash")
                .param("hash", dev.slimfit.api.config.Sha256.hex(key)).query(String.class).single();
    }

    /**
     * What the container answers on its own, byte for byte: Tomcat refuses these before any filter runs, and its
     * host's error report valve (replaced by ours) answers problem+json.
     */
    @Test
    void containerLevelRejectionsAreProblems() throws IOException {
        assertProblem(raw("GET", "/api/v1/jobs/%ff"), 400, "bad-request");
        assertProblem(raw("POST", "/api/v1/jobs", "Content-Type: application/json", "Content-Length: abc"), 400,
                "bad-request");
        assertProblem(raw("POST", "/api/v1/jobs", "Content-Type: application/json", "Content-Length: 5",
                "Content-Length: 7"), 400, "bad-request");
        assertProblem(RawHttp.send(port, "GET /api/v1/jobs HTTP/1.1\r\nConnection: close\r\n\r\n"), 400,
                "bad-request");
        assertProblem(raw("GET", "/api/v1/jobs", "X-Big: " + "a".repeat(20_000)), 400, "bad-request");
        assertProblem(raw("GET", "/api/v1/jobs?q=" + "a".repeat(20_000)), 400, "bad-request");
        assertProblem(RawHttp.send(port, ("GET /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Bad: a\u0001b\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), 400,
                "bad-request");
        assertProblem(RawHttp.send(port, ("GET /api/v1/j\u00ffobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)), 400, "bad-request");
    }
}
